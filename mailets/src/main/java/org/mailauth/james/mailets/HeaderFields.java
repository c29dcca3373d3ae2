package org.mailauth.james.mailets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Header edits that keep the order of the other fields. JavaMail's {@code addHeader} puts new fields after
 * its own known ones, not on top; trace fields such as {@code Authentication-Results} and
 * {@code DKIM-Signature} belong on top (RFC 5321 §4.4, RFC 8601 §5). No {@code saveChanges()} here: it
 * would let JavaMail rewrite MIME headers; James's message wrapper persists header edits as they are.
 */
final class HeaderFields {

    private HeaderFields() {
    }

    /** Puts {@code field} ("Name: value", folds as CRLF + WSP) first, exactly as given. */
    static void prepend(MimeMessage message, String field) throws MessagingException {
        String name = field.substring(0, field.indexOf(':'));
        prependRaw(message, name, field.substring(name.length() + 1), existing -> false);
    }

    /**
     * Puts {@code name: value} first, dropping the existing {@code name} fields whose value
     * {@code dropExisting} accepts. Returns how many were dropped.
     */
    static int prepend(MimeMessage message, String name, String value, Predicate<String> dropExisting)
            throws MessagingException {
        return prependRaw(message, name, " " + value, dropExisting);
    }

    private static int prependRaw(MimeMessage message, String name, String valueAfterColon,
                                  Predicate<String> dropExisting) throws MessagingException {
        List<Header> fields = Collections.list(message.getAllHeaders());
        List<String> lines = Collections.list(message.getAllHeaderLines());
        Set<String> names = new LinkedHashSet<>();
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < fields.size(); i++) {
            Header field = fields.get(i);
            names.add(field.getName());
            if (field.getName().equalsIgnoreCase(name) && dropExisting.test(field.getValue())) {
                dropped++;
            } else {
                kept.add(lines.get(i));
            }
        }
        for (String existing : names) {
            message.removeHeader(existing);
        }
        message.addHeaderLine(name + ":" + valueAfterColon);
        for (String line : kept) {
            message.addHeaderLine(line);
        }
        return dropped;
    }
}
