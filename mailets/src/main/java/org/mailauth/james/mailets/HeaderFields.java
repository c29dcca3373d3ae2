package org.mailauth.james.mailets;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import java.util.function.BiPredicate;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;

/**
 * Puts trace fields such as {@code Authentication-Results} and {@code DKIM-Signature} on top of a mail's
 * message (RFC 5321 §4.4, RFC 8601 §5, RFC 6376 §5.6).
 *
 * <p>It writes a new message rather than editing the old one in place, because in-place editing cannot put a
 * field on top for good: JavaMail keeps a removed field as an empty placeholder where it was, and the
 * {@code saveChanges()} that James runs whenever it writes a modified message (RemoteDelivery, LocalDelivery)
 * sets MIME-Version into that placeholder, above the new field. The new message is stored the way James
 * stores received mail (in memory when small, else in a temporary file) and is written out byte for byte.
 * James's {@code MailImpl} takes it as it is ({@code setMessageNoCopy}); it disposes of it with the mail.
 */
final class HeaderFields {

    private HeaderFields() {
    }

    /**
     * Replaces the mail's message with one whose header section starts with {@code fields} (whole fields,
     * "Name: value", folded with CRLF + WSP), without the existing fields that {@code drop} accepts (it sees
     * each field's name and unfolded value). Returns how many were dropped.
     */
    static int putOnTop(Mail mail, List<String> fields, BiPredicate<String, String> drop) throws MessagingException {
        MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("mailauth-" + UUID.randomUUID());
        FieldsOnTopStream rewritten;
        try (OutputStream out = source.getWritableOutputStream();
             FieldsOnTopStream stream = new FieldsOnTopStream(out, fields, drop)) {
            mail.getMessage().writeTo(stream);
            rewritten = stream;
        } catch (IOException | MessagingException | RuntimeException e) {
            source.dispose();
            throw e instanceof MessagingException ? (MessagingException) e
                : new MessagingException("the message of mail " + mail.getName() + " could not be rewritten", e);
        }
        MimeMessageWrapper message = new MimeMessageWrapper(source);
        if (mail instanceof MailImpl) {
            ((MailImpl) mail).setMessageNoCopy(message);
        } else {
            mail.setMessage(message);
            if (mail.getMessage() != message) {
                LifecycleUtil.dispose(message);
            }
        }
        return rewritten.dropped();
    }
}
