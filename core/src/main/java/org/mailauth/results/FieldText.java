package org.mailauth.results;

import java.util.Locale;

/**
 * Text from outside — DNS records, SMTP commands, message fields — made safe to stand inside a header field this
 * gateway writes. A field ends at a line break that is not followed by white space (RFC 5322 §2.2, §2.2.3), and
 * many readers also end a line at a bare CR or LF, so no character from outside may be a line break: control
 * characters (C0, DEL, C1) and the Unicode line and paragraph separators are shown as visible escapes
 * ({@code \x0D}, {@code \u2028}), as are unpaired surrogates, which have no UTF-8 form. Other non-ASCII text stays
 * as it is: RFC 8601 §2.2 takes its values' quoted-strings from RFC 6532 §3.2, which allows UTF-8. Values are
 * capped, so that one resinfo stays well within the 998 octets of a line (RFC 5322 §2.1.1).
 *
 * <p>This is the one place that does it: {@link MethodResult} (Authentication-Results), {@code Received-SPF} and
 * the reports' fields write outside text only through it, and reasons quote outside text with {@link #quote}.
 */
public final class FieldText {

    /** The longest value written, in characters after escaping (RFC 5321 §4.5.3.1.3 allows 256 for a path). */
    public static final int VALUE_LIMIT = 256;
    /** The longest outside text a reason quotes, in characters after escaping. */
    public static final int QUOTE_LIMIT = 64;

    private static final String ELLIPSIS = "...";

    private FieldText() {
    }

    /** The text with every character that could end a line or is not text shown as an escape; never capped. */
    public static String visible(String text) {
        return escaped(text, Integer.MAX_VALUE);
    }

    /** {@link #visible} text of at most {@link #VALUE_LIMIT} characters, ending in "..." when it was cut. */
    public static String value(String text) {
        return escaped(text, VALUE_LIMIT);
    }

    /** Outside text as a reason or log line quotes it: {@code 'text'}, escaped, at most {@link #QUOTE_LIMIT} characters. */
    public static String quote(String text) {
        return "'" + escaped(text, QUOTE_LIMIT) + "'";
    }

    /** A quoted-string (RFC 5322 §3.2.4, RFC 6532 §3.2) of the {@link #value} of the text. */
    public static String quotedString(String text) {
        return '"' + value(text).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The {@link #value} of the text as the content of a comment (RFC 5322 §3.2.2): '(', ')' and '\' as quoted-pairs. */
    public static String commentText(String text) {
        return value(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
    }

    /**
     * Whether a whole field ("Name: value") may be written as it is: every CR is followed by LF, every LF follows a CR
     * and is followed by SP or HTAB (a fold, RFC 5322 §2.2.3), and it does not end in a line break.
     */
    public static boolean isFolded(String field) {
        int length = field.length();
        for (int i = 0; i < length; i++) {
            char c = field.charAt(i);
            if (c == '\r') {
                if (i + 2 >= length || field.charAt(i + 1) != '\n' || field.charAt(i + 2) != ' ' && field.charAt(i + 2) != '\t') {
                    return false;
                }
                i++;
            } else if (c == '\n') {
                return false;
            }
        }
        return true;
    }

    private static String escaped(String text, int limit) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 8);
        int cut = -1;
        int length = text.length();
        for (int i = 0; i < length; ) {
            int codePoint = text.codePointAt(i);
            String unit = unit(text, i, codePoint);
            if (out.length() + unit.length() > limit - ELLIPSIS.length() && cut < 0) {
                cut = out.length();
            }
            if (out.length() + unit.length() > limit) {
                out.setLength(cut);
                return out.append(ELLIPSIS).toString();
            }
            out.append(unit);
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    private static String unit(String text, int index, int codePoint) {
        if (codePoint < 0x20 || codePoint >= 0x7f && codePoint <= 0x9f) {
            return String.format(Locale.ROOT, "\\x%02X", codePoint);
        }
        if (codePoint == 0x2028 || codePoint == 0x2029 || Character.isSurrogate((char) codePoint) && codePoint <= 0xffff) {
            return String.format(Locale.ROOT, "\\u%04X", codePoint);
        }
        return text.substring(index, index + Character.charCount(codePoint));
    }
}
