package org.mailauth.dns;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Domain names with non-ASCII labels as A-labels, the form DNS queries and DMARC comparisons use (RFC 5890 §2.3.2.1,
 * RFC 5891 §4, RFC 9989 §5.3.1). IDNA2008, not Java's {@code java.net.IDN} (IDNA2003): "straße" becomes
 * {@code xn--strae-oqa}, not "strasse", a different domain; symbols such as "☃" are refused.
 *
 * <p>Input is first mapped the way UTS #46 maps user input (lower case, compatibility forms such as full-width letters
 * to their ordinary form, NFC), and the ideographic full stops separate labels as "." does. A label is then refused
 * unless it is made of letters, digits, combining marks (not first) and hyphens (not first or last, not "--" in the
 * third and fourth positions), without ZERO WIDTH JOINER/NON-JOINER (their CONTEXTJ rules are not implemented), and
 * its A-label fits 63 octets. The Bidi rule (RFC 5893) is not checked. ASCII labels are only lowered: what else they
 * may contain is for the caller to decide (DNS queries carry underscore labels).
 */
public final class Idna {

    private static final int MAX_LABEL = 63;

    private Idna() {
    }

    /** {@code domain} with every label as an A-label or lower-case ASCII; empty when a non-ASCII label is not valid. */
    public static Optional<String> toAscii(String domain) {
        String dotted = domain.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
        StringBuilder ascii = new StringBuilder(dotted.length());
        for (String label : dotted.split("\\.", -1)) {
            Optional<String> converted = label(label);
            if (converted.isEmpty()) {
                return Optional.empty();
            }
            ascii.append(converted.get()).append('.');
        }
        ascii.setLength(ascii.length() - 1);
        return Optional.of(ascii.toString());
    }

    /** One label as an A-label, or lower-case ASCII when it is ASCII. */
    static Optional<String> label(String label) {
        if (isAscii(label)) {
            return Optional.of(label.toLowerCase(Locale.ROOT));
        }
        String mapped = Normalizer.normalize(Normalizer.normalize(label.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC)
            .toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        if (mapped.indexOf('.') >= 0) {
            return Optional.empty();
        }
        if (isAscii(mapped)) {
            return Optional.of(mapped);
        }
        if (!valid(mapped)) {
            return Optional.empty();
        }
        String aLabel = "xn--" + Punycode.encode(mapped.codePoints().toArray());
        return aLabel.length() <= MAX_LABEL ? Optional.of(aLabel) : Optional.empty();
    }

    /** RFC 5891 §4.2.3 (hyphens, leading combining marks) and a conservative reading of RFC 5892's PVALID. */
    private static boolean valid(String label) {
        if (label.startsWith("-") || label.endsWith("-") || (label.length() >= 4 && label.startsWith("--", 2))) {
            return false;
        }
        int[] codePoints = label.codePoints().toArray();
        if (isMark(codePoints[0])) {
            return false;
        }
        for (int codePoint : codePoints) {
            if (codePoint != '-' && !Character.isLetter(codePoint) && !Character.isDigit(codePoint) && !isMark(codePoint)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}
