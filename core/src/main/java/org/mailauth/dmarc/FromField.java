package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mailauth.dns.Idna;

/**
 * The domains of the mailboxes in one RFC 5322 From field body (RFC 5322 §3.4, §3.6.2): display names,
 * quoted strings, comments (nested, with quoted-pairs), angle-addrs with an obsolete route, bare addr-specs,
 * groups, and folding. A domain in Unicode (U-labels) is returned as A-labels (RFC 9989 §5.3.1).
 */
final class FromField {

    private FromField() {
    }

    /** One domain per mailbox, lower case, in order; empty when the field cannot be read or a mailbox has no usable domain. */
    static Optional<List<String>> domains(String value) {
        List<String> mailboxes = new ArrayList<>();
        if (!split(value.replace("\r", "").replace("\n", ""), mailboxes)) {
            return Optional.empty();
        }
        List<String> domains = new ArrayList<>();
        for (String mailbox : mailboxes) {
            Optional<String> domain = domainOf(mailbox);
            if (domain.isEmpty()) {
                return Optional.empty();
            }
            domains.add(domain.get());
        }
        return domains.isEmpty() ? Optional.empty() : Optional.of(domains);
    }

    /**
     * Splits the field into mailboxes with comments removed: at top-level commas, and at a group's ':' and ';'.
     * Returns false on unbalanced quotes, comments or angle brackets.
     */
    private static boolean split(String text, List<String> mailboxes) {
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inAngle = false;
        int comment = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && (quoted || comment > 0) && i + 1 < text.length()) {
                if (comment == 0) {
                    current.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (comment > 0) {
                comment += c == '(' ? 1 : c == ')' ? -1 : 0;
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (quoted) {
                current.append(c);
            } else if (c == '(') {
                comment = 1;
                current.append(' ');
            } else if (c == '<') {
                if (inAngle) {
                    return false;
                }
                inAngle = true;
                current.append(c);
            } else if (c == '>') {
                if (!inAngle) {
                    return false;
                }
                inAngle = false;
                current.append(c);
            } else if (!inAngle && (c == ',' || c == ';')) {
                add(current, mailboxes);
            } else if (!inAngle && c == ':') {
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted || inAngle || comment > 0) {
            return false;
        }
        add(current, mailboxes);
        return true;
    }

    private static void add(StringBuilder mailbox, List<String> mailboxes) {
        String text = mailbox.toString().trim();
        if (!text.isEmpty()) {
            mailboxes.add(text);
        }
        mailbox.setLength(0);
    }

    /** The domain of a name-addr or addr-spec (comments already removed). */
    private static Optional<String> domainOf(String mailbox) {
        String address = mailbox;
        int open = unquotedIndexOf(mailbox, '<');
        if (open >= 0) {
            address = mailbox.substring(open + 1, unquotedIndexOf(mailbox, '>'));
            int route = address.lastIndexOf(':');
            if (route >= 0 && !address.substring(0, route).contains("\"")) {
                address = address.substring(route + 1);
            }
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        String local = address.substring(0, at).trim();
        String domain = address.substring(at + 1).trim();
        if (local.isEmpty() || domain.contains(" ") || domain.contains("\t") || domain.startsWith("[")) {
            return Optional.empty();
        }
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return aLabels(domain);
    }

    private static int unquotedIndexOf(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The domain in A-labels, lower case, or empty when it is not a host name (RFC 1123 §2.1, RFC 5890). */
    static Optional<String> aLabels(String domain) {
        Optional<String> converted = Idna.toAscii(domain);
        if (converted.isEmpty()) {
            return Optional.empty();
        }
        String ascii = converted.get();
        if (ascii.isEmpty() || ascii.length() > 253) {
            return Optional.empty();
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }
}
