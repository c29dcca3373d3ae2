package org.mailauth.james.verdicts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dns.DnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;

/** Inbound test mails, signed or not, with the SMTP facts James would record. */
public final class TestMails {

    public static final String MESSAGE = "From: Alice <alice@example.org>\r\nTo: bob@gateway.test\r\nSubject: hi\r\n"
        + "Message-ID: <1@example.org>\r\n\r\nHello.\r\n";
    /** Publishes at sel._domainkey.example.org. */
    public static final SigningKey KEY = SigningKey.rsa("example.org", "sel", rsaKey());

    private TestMails() {
    }

    private static PrivateKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signed(String message) throws Exception {
        return new DkimSigner(KEY, SigningSettings.defaults())
            .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))) + "\r\n" + message;
    }

    /** The verdicts the pack makes, over {@code dns}, with the default settings. */
    public static Verdicts verdicts(DnsResolver dns) {
        return new Verdicts(new MessageAuthenticator(dns, AuthenticationSettings.builder().build()), InboundPolicy.defaults());
    }

    public static MimeMessage mime(String message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** From 192.0.2.1, MAIL FROM alice@example.org, HELO mail.example.org. */
    public static Mail inbound(String message) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(mime(message)).sender("alice@example.org").recipient("bob@gateway.test")
            .remoteAddr("192.0.2.1").attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.example.org"))).build();
    }
}
