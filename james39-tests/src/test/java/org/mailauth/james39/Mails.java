package org.mailauth.james39;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** James 3.9's own {@code Mail} ({@code MailImpl}) around a Jakarta Mail {@code MimeMessage}, as its SMTP server makes it. */
final class Mails {

    private Mails() {
    }

    /** Inbound mail from {@code clientIp} (HELO client.example.net) for bob@gateway.test. */
    static Mail inbound(String clientIp, String envelopeFrom, String message) throws Exception {
        return MailImpl.builder().name("m-" + System.nanoTime()).sender(envelopeFrom).addRecipient("bob@gateway.test")
            .remoteAddr(clientIp).remoteHost("client.example.net")
            .addAttribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("client.example.net")))
            .mimeMessage(message(message)).build();
    }

    /** Outbound mail of an authenticated user. */
    static Mail outbound(String envelopeFrom, String message) throws Exception {
        return MailImpl.builder().name("m-" + System.nanoTime()).sender(envelopeFrom).addRecipient("carol@remote.example")
            .remoteAddr("127.0.0.1").remoteHost("localhost")
            .addAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice")))
            .mimeMessage(message(message)).build();
    }

    /** The first header field of the message, as the mailets left it. */
    static String firstHeaderLine(Mail mail) throws MessagingException {
        return mail.getMessage().getAllHeaderLines().nextElement();
    }

    static MimeMessage message(String text) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The message as it would go out (Jakarta Mail adds MIME-Version on top of a message it parsed without one). */
    static String bytes(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
