package org.mailauth.report;

/**
 * A value from outside as the report store keeps it and an aggregate report carries it (issue 21). XML 1.0 (§2.2,
 * the {@code Char} production) cannot carry most control characters, a surrogate without its pair, U+FFFE nor
 * U+FFFF, and one such character makes a whole report unreadable for its receiver. No value of a report is more than
 * one line, so every control character (General Category Cc: U+0000-U+001F and U+007F-U+009F, TAB, LF and CR
 * included, which a parser would turn into LF anyway, XML 1.0 §2.11), every lone surrogate and every noncharacter
 * (U+FDD0-U+FDEF and each plane's last two code points) is replaced by U+FFFD REPLACEMENT CHARACTER, visibly. A
 * value longer than its bound is cut and ends in U+2026 (…). The received-report store bounds what reporters send the
 * same way.
 */
public final class ReportText {

    static final char REPLACEMENT = '\uFFFD';
    static final char CUT = '\u2026';

    private ReportText() {
    }

    /** {@code text} with every character a report must not carry replaced by U+FFFD. */
    public static String safe(String text) {
        if (isSafe(text)) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (carried(codePoint)) {
                safe.appendCodePoint(codePoint);
            } else {
                safe.append(REPLACEMENT);
            }
            i += Character.charCount(codePoint);
        }
        return safe.toString();
    }

    /**
     * {@link #safe(String) safe} text of at most {@code maxLength} characters (UTF-16 units, which the database's
     * characters never outnumber): a longer value keeps its first {@code maxLength - 1} and ends in "…", never
     * splitting a surrogate pair.
     */
    public static String bounded(String text, int maxLength) {
        String safe = safe(text);
        if (safe.length() <= maxLength) {
            return safe;
        }
        int end = maxLength - 1;
        if (Character.isHighSurrogate(safe.charAt(end - 1))) {
            end--;
        }
        return safe.substring(0, end) + CUT;
    }

    /** Whether {@code text} is carried as it is. */
    static boolean isSafe(String text) {
        return text.codePoints().allMatch(ReportText::carried);
    }

    /** A lone surrogate is a code point of its own here ({@link String#codePointAt}). */
    private static boolean carried(int codePoint) {
        boolean control = codePoint < 0x20 || codePoint >= 0x7F && codePoint <= 0x9F;
        boolean surrogate = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
        boolean noncharacter = codePoint >= 0xFDD0 && codePoint <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
        return !control && !surrogate && !noncharacter;
    }
}
