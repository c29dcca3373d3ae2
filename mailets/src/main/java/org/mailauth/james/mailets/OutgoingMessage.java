package org.mailauth.james.mailets;

import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.mailauth.message.HeaderSection;

/** The message of a mail about to leave, as the mailets that sign it (DKIMSign, ARCSeal) read and prepare it. */
final class OutgoingMessage {

    private OutgoingMessage() {
    }

    /** The header section as core reads it (RFC 5322 §2.2), from the lines JavaMail keeps as received (octets as chars). */
    static HeaderSection headerSection(MimeMessage message) throws MessagingException {
        StringBuilder header = new StringBuilder();
        for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
            header.append(lines.nextElement()).append("\r\n");
        }
        return HeaderSection.of(header.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * James 3.8 rewrites MIME-Version to exactly "1.0" whenever it saves a message, e.g. in RemoteDelivery for a
     * server without 8BITMIME (JAMES-3742); a comment such as Apple Mail's "1.0 (Mac OS X Mail 16.0 ...)" would be
     * lost after signing and break the signature. The value is equivalent without the comment (RFC 2045 §4).
     */
    static void normalizeMimeVersion(MimeMessage message) throws MessagingException {
        String[] versions = message.getHeader("MIME-Version");
        if (versions != null && versions.length == 1 && !versions[0].equals("1.0") && versions[0].trim().startsWith("1.0")) {
            message.setHeader("MIME-Version", "1.0");
        }
    }
}
