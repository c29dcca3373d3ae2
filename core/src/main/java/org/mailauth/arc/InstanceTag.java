package org.mailauth.arc;

import org.mailauth.results.FieldText;

/** The instance tag {@code i=} of the three ARC header fields (RFC 8617 §4.2.1): 1 to 50, no sign, no leading zero needed. */
final class InstanceTag {

    static final int MAX = 50;

    private InstanceTag() {
    }

    /** The value of an {@code i=} tag. */
    static int parse(String value) throws ArcSyntaxException {
        String digits = value.trim();
        if (digits.isEmpty() || digits.length() > 2 || !SignatureTags.all(digits, InstanceTag::isDigit)) {
            throw new ArcSyntaxException("instance i=" + FieldText.quote(digits) + " is not a number from 1 to " + MAX + " (RFC 8617 §4.2.1)");
        }
        int instance = Integer.parseInt(digits);
        if (instance < 1 || instance > MAX) {
            throw new ArcSyntaxException("instance i=" + instance + " is not from 1 to " + MAX + " (RFC 8617 §4.2.1)");
        }
        return instance;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
