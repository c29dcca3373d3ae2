package org.mailauth.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mailboxes of a From field body (RFC 5322 §3.4, §3.6.2): display names, quoted strings, comments (nested, with
 * quoted-pairs), angle-addrs with an obsolete route (§4.4), bare addr-specs, groups, and folding. The author of a
 * message is the first mailbox of its From field; DMARC takes the domains of all of them (RFC 9989 §3.2.2).
 */
public final class FromField {

    private FromField() {
    }

    /**
     * The addr-spec of every mailbox, {@code local-part@domain} as written (comments and white space around them
     * removed), in order; empty when the field cannot be read, or a mailbox has no local part or no domain.
     */
    public static Optional<List<String>> addresses(String value) {
        List<String> mailboxes = new ArrayList<>();
        if (!split(value.replace("\r", "").replace("\n", ""), mailboxes)) {
            return Optional.empty();
        }
        List<String> addresses = new ArrayList<>();
        for (String mailbox : mailboxes) {
            Optional<String> address = addressOf(mailbox);
            if (address.isEmpty()) {
                return Optional.empty();
            }
            addresses.add(address.get());
        }
        return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses);
    }

    /**
     * The author address of a message: the first mailbox of its first From field that can be read (RFC 5322 §3.6.2),
     * as OpenDKIM's SigningTable is matched against it; empty when the message has none.
     */
    public static Optional<String> authorAddress(HeaderSection header) {
        for (String value : header.values("From")) {
            Optional<List<String>> addresses = addresses(value);
            if (addresses.isPresent()) {
                return Optional.of(addresses.get().get(0));
            }
        }
        return Optional.empty();
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

    /** The addr-spec of a name-addr or addr-spec (comments already removed). */
    private static Optional<String> addressOf(String mailbox) {
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
        if (local.isEmpty() || domain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(local + "@" + domain);
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
}
