package org.mailauth.dkim.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mailauth.message.HeaderField;

/**
 * The header fields RFC 5322 §3.6 allows at most once, and the attack RFC 6376 §8.15 describes with them: a second
 * From (or Subject, To…) added above a signed one is not covered by the signature, yet is the one a reader sees. A
 * signature that lists such a field fewer times than the message has it cannot vouch for what the reader sees.
 */
final class SingleInstanceFields {

    /** RFC 5322 §3.6, the fields with a maximum of one occurrence (Bcc left out: it is not shown to the reader). */
    private static final Set<String> NAMES = Set.of("from", "sender", "reply-to", "to", "cc", "subject", "date",
        "message-id", "in-reply-to", "references");

    private SingleInstanceFields() {
    }

    /** Why the signature does not cover every instance of a single-instance field it signs; empty when it does. */
    static Optional<String> uncoveredInstance(List<String> signedHeaders, List<HeaderField> fields) {
        Map<String, Integer> signed = new HashMap<>();
        for (String header : signedHeaders) {
            String name = header.toLowerCase(Locale.ROOT);
            if (NAMES.contains(name)) {
                signed.merge(name, 1, Integer::sum);
            }
        }
        Map<String, Integer> present = new HashMap<>();
        for (HeaderField field : fields) {
            String name = field.name().toLowerCase(Locale.ROOT);
            if (signed.containsKey(name)) {
                present.merge(name, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> name : signed.entrySet()) {
            int count = present.getOrDefault(name.getKey(), 0);
            if (count > name.getValue()) {
                return Optional.of("the message has " + count + " " + name.getKey() + " fields and the signature covers "
                    + name.getValue() + ": an unsigned one could be the one shown (RFC 6376 §8.15)");
            }
        }
        return Optional.empty();
    }
}
