package org.mailauth.spf;

import org.mailauth.results.FieldText;

/**
 * A domain-spec of RFC 7208 §7.1: a macro-string that ends in a macro or in {@code "." toplabel ["."]}.
 * After expansion it gives the target-name of a mechanism or modifier (§4.8).
 */
final class DomainSpec {

    private final MacroString macro;

    private DomainSpec(MacroString macro) {
        this.macro = macro;
    }

    static DomainSpec parse(String text) throws SpfSyntaxException {
        if (text.isEmpty()) {
            throw new SpfSyntaxException("empty domain-spec");
        }
        MacroString macro = MacroString.parse(text, false);
        if (!macro.endsWithMacro()) {
            String tail = macro.trailingLiteral();
            if (tail.endsWith(".")) {
                tail = tail.substring(0, tail.length() - 1);
            }
            int dot = tail.lastIndexOf('.');
            if (dot < 0 || !isTopLabel(tail.substring(dot + 1))) {
                throw new SpfSyntaxException(FieldText.quote(text) + " does not end with a macro or a valid top-level label (§7.1)");
            }
        }
        return new DomainSpec(macro);
    }

    MacroString macro() {
        return macro;
    }

    /** {@code toplabel} of §7.1: letters, digits and inner hyphens, not all digits. */
    static boolean isTopLabel(String label) {
        if (label.isEmpty() || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        boolean letter = false;
        for (char c : label.toCharArray()) {
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            if (!alpha && !digit && c != '-') {
                return false;
            }
            letter |= alpha;
        }
        return letter || label.indexOf('-') >= 0;
    }

    @Override
    public String toString() {
        return macro.toString();
    }
}
