package org.mailauth.results;

import java.util.Optional;

/** Comments, folding white space and quoted-strings of RFC 5322 §3.2, as header field values carry them. */
final class Cfws {

    private Cfws() {
    }

    /** The index of the first character at or after {@code start} that is not white space or inside a comment. */
    static int skip(String text, int start) {
        int position = start;
        int depth = 0;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (depth > 0 && c == '\\') {
                position += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return position;
            }
            position++;
        }
        return text.length();
    }

    /** The content of the quoted-string starting at {@code start} (a '"'), unescaped; empty when unterminated. */
    static Optional<String> quotedString(String text, int start) {
        StringBuilder content = new StringBuilder();
        for (int position = start + 1; position < text.length(); position++) {
            char c = text.charAt(position);
            if (c == '\\' && position + 1 < text.length()) {
                content.append(text.charAt(++position));
            } else if (c == '"') {
                return Optional.of(content.toString());
            } else {
                content.append(c);
            }
        }
        return Optional.empty();
    }
}
