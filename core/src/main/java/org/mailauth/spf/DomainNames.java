package org.mailauth.spf;

import java.util.Optional;

/** The domain-name rules SPF applies to its inputs (RFC 7208 §4.3) and to expanded target-names (§4.8, §7.3). */
final class DomainNames {

    private static final int MAX_TEXT_LENGTH = 253;

    private DomainNames() {
    }

    /**
     * §4.3: a fully qualified, multi-label name whose labels are 1 to 63 characters (a trailing dot
     * allowed). Domain literals such as "[192.0.2.1]" are not domain names. Any character may appear in a
     * label (§4.8: macro expansion can put "%" and spaces there, and the DNS allows them).
     */
    static boolean isValid(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (name.isEmpty() || name.length() > MAX_TEXT_LENGTH || name.startsWith("[")) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    /** The form under which a name is remembered within one check: lower case, no trailing dot. */
    static String key(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The target-name of an expanded domain-spec: trailing dot removed, labels dropped from the left until
     * it fits in 253 characters (§7.3); empty when what is left is not a valid name (§4.8 leaves that
     * undefined; such a term does not match).
     */
    static Optional<String> target(String expanded) {
        String name = expanded.endsWith(".") ? expanded.substring(0, expanded.length() - 1) : expanded;
        while (name.length() > MAX_TEXT_LENGTH) {
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
        return isValid(name) ? Optional.of(name) : Optional.empty();
    }
}
