package org.mailauth.spf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.mailauth.results.FieldText;

/**
 * A parsed macro-string of RFC 7208 §7.1: literal text and macro-expands. Parsing checks the syntax;
 * expansion is done by {@link MacroExpander}.
 */
final class MacroString {

    private static final String LETTERS = "slodiphcrtv";
    private static final String EXPLANATION_ONLY = "crt";
    private static final String DELIMITERS = ".-+,/_=";

    /** One piece of a macro-string. */
    abstract static class Part {
    }

    static final class Literal extends Part {
        final String text;

        Literal(String text) {
            this.text = text;
        }
    }

    /** {@code %{ letter digits [r] delimiters }}: {@code rightParts} 0 means all parts. */
    static final class Macro extends Part {
        final char letter;
        final boolean urlEscape;
        final int rightParts;
        final boolean reverse;
        final String delimiters;

        Macro(char letter, boolean urlEscape, int rightParts, boolean reverse, String delimiters) {
            this.letter = letter;
            this.urlEscape = urlEscape;
            this.rightParts = rightParts;
            this.reverse = reverse;
            this.delimiters = delimiters;
        }
    }

    private final String text;
    private final List<Part> parts;

    private MacroString(String text, List<Part> parts) {
        this.text = text;
        this.parts = Collections.unmodifiableList(parts);
    }

    /**
     * Parses {@code text}. With {@code explanation} the explain-string rules apply: spaces are literal and
     * the {@code c}, {@code r}, {@code t} letters are allowed (§7.2).
     */
    static MacroString parse(String text, boolean explanation) throws SpfSyntaxException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                boolean visible = c >= 0x21 && c <= 0x7e;
                if (!visible && !(explanation && c == ' ')) {
                    throw new SpfSyntaxException("character " + describe(c) + " is not allowed in " + FieldText.quote(text));
                }
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new SpfSyntaxException("'%' at the end of " + FieldText.quote(text));
            }
            char next = text.charAt(i + 1);
            if (next == '%') {
                literal.append('%');
                i += 2;
            } else if (next == '_') {
                literal.append(' ');
                i += 2;
            } else if (next == '-') {
                literal.append("%20");
                i += 2;
            } else if (next == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new SpfSyntaxException("unterminated macro in " + FieldText.quote(text));
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(macro(text.substring(i + 2, close), explanation, text));
                i = close + 1;
            } else {
                throw new SpfSyntaxException("'%' must be followed by '{', '%', '_' or '-' in " + FieldText.quote(text) + " (§7.3)");
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new MacroString(text, parts);
    }

    private static Macro macro(String body, boolean explanation, String text) throws SpfSyntaxException {
        if (body.isEmpty()) {
            throw new SpfSyntaxException("empty macro in " + FieldText.quote(text));
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if (LETTERS.indexOf(lower) < 0 || letter > 0x7f) {
            throw new SpfSyntaxException("unknown macro letter " + describe(letter) + " in " + FieldText.quote(text));
        }
        if (!explanation && EXPLANATION_ONLY.indexOf(lower) >= 0) {
            throw new SpfSyntaxException("macro letter " + describe(letter) + " is allowed only in exp text (§7.2): " + FieldText.quote(text));
        }
        int i = 1;
        int digitsStart = i;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            i++;
        }
        int rightParts = 0;
        if (i > digitsStart) {
            String digits = body.substring(digitsStart, i);
            rightParts = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (rightParts == 0) {
                throw new SpfSyntaxException("a macro's digit transformer must not be zero (§7.3): " + FieldText.quote(text));
            }
        }
        boolean reverse = false;
        if (i < body.length() && Character.toLowerCase(body.charAt(i)) == 'r') {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw new SpfSyntaxException("invalid macro delimiter " + describe(d) + " in " + FieldText.quote(text));
            }
        }
        return new Macro(lower, Character.isUpperCase(letter), rightParts, reverse, delimiters.isEmpty() ? "." : delimiters);
    }

    List<Part> parts() {
        return parts;
    }

    /** Whether expanding needs the validated domain name of the client (the {@code p} macro, §5.5). */
    boolean usesValidatedName() {
        return parts.stream().anyMatch(part -> part instanceof Macro && ((Macro) part).letter == 'p');
    }

    /** Whether the last piece is a macro (the domain-end of §7.1 may be a macro-expand). */
    boolean endsWithMacro() {
        return !parts.isEmpty() && parts.get(parts.size() - 1) instanceof Macro;
    }

    /** The trailing literal text, or "". */
    String trailingLiteral() {
        return parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof Literal) ? ""
            : ((Literal) parts.get(parts.size() - 1)).text;
    }

    /** The text, when it has no macro (its expansion is then itself). */
    java.util.Optional<String> literal() {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (!(part instanceof Literal)) {
                return java.util.Optional.empty();
            }
            text.append(((Literal) part).text);
        }
        return java.util.Optional.of(text.toString());
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String describe(char c) {
        return c < 0x20 || c >= 0x7f ? String.format(Locale.ROOT, "0x%02X", (int) c) : "'" + c + "'";
    }
}
