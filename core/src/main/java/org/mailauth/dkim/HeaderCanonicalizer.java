package org.mailauth.dkim;

import java.util.Locale;

import org.mailauth.message.HeaderField;

/** Header canonicalization (RFC 6376 §3.4.1 simple, §3.4.2 relaxed) of one field, without its final CRLF. */
public final class HeaderCanonicalizer {

    private HeaderCanonicalizer() {
    }

    public static String canonicalize(HeaderField field, Canonicalization canonicalization) {
        if (canonicalization == Canonicalization.SIMPLE) {
            return field.raw();
        }
        String raw = field.raw();
        int colon = raw.indexOf(':');
        String name = (colon < 0 ? raw : raw.substring(0, colon)).toLowerCase(Locale.ROOT).trim();
        String value = colon < 0 ? "" : raw.substring(colon + 1);
        return name + ":" + relaxedValue(value);
    }

    /** Unfold, reduce every run of WSP to one SP, drop WSP at both ends (§3.4.2). The result is never longer than the value. */
    private static String relaxedValue(String value) {
        char[] out = new char[value.length()];
        int length = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                pendingSpace = length > 0;
                continue;
            }
            if (pendingSpace) {
                out[length++] = ' ';
                pendingSpace = false;
            }
            out[length++] = c;
        }
        return new String(out, 0, length);
    }

    static String lowerCase(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
