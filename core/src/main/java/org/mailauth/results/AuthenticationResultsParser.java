package org.mailauth.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an {@code Authentication-Results} field body (RFC 8601 §2.2): authserv-id, optional version, then
 * {@code none} or one resinfo per ';' with {@code method[/version]=result}, an optional {@code reason=}, and
 * {@code ptype.property=pvalue} properties. Comments are skipped; method, result, ptype and property names are
 * returned in lower case (they are case-insensitive, §2.2). A field it cannot read is empty, never an exception.
 */
final class AuthenticationResultsParser {

    private final String text;
    private int position;

    private AuthenticationResultsParser(String text) {
        this.text = text;
    }

    static Optional<AuthenticationResultsField> parse(String value) {
        try {
            return new AuthenticationResultsParser(value).field();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<AuthenticationResultsField> field() {
        Optional<String> authservId = AuthenticationResultsField.claimedAuthservId(text);
        if (authservId.isEmpty()) {
            return Optional.empty();
        }
        position = Cfws.skip(text, 0);
        position = text.charAt(position) == '"' ? endOfQuoted(position) : endOfToken(position, false);
        skip();
        if (position < text.length() && Character.isDigit(text.charAt(position))) {
            position = endOfToken(position, false);
            skip();
        }
        List<MethodResult> results = new ArrayList<>();
        while (position < text.length()) {
            expect(';');
            skip();
            if (position >= text.length()) {
                break;
            }
            String method = word().toLowerCase(Locale.ROOT);
            skip();
            if (method.equals("none") && (position >= text.length() || text.charAt(position) == ';') && results.isEmpty()) {
                continue;
            }
            if (peek() == '/') {
                position++;
                skip();
                word();
                skip();
            }
            expect('=');
            skip();
            String result = word().toLowerCase(Locale.ROOT);
            skip();
            Optional<String> reason = Optional.empty();
            List<MethodResult.Property> properties = new ArrayList<>();
            while (position < text.length() && peek() != ';') {
                String name = word().toLowerCase(Locale.ROOT);
                skip();
                if (name.equals("reason") && peek() == '=') {
                    position++;
                    skip();
                    reason = Optional.of(value());
                } else {
                    expect('.');
                    skip();
                    String property = word().toLowerCase(Locale.ROOT);
                    skip();
                    expect('=');
                    skip();
                    properties.add(new MethodResult.Property(name, property, value()));
                }
                skip();
            }
            results.add(new MethodResult(method, result, reason, properties));
        }
        return Optional.of(new AuthenticationResultsField(AuthservId.of(authservId.get()), results));
    }

    private void skip() {
        position = Cfws.skip(text, position);
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + position);
        }
        position++;
    }

    /** A Keyword (RFC 5321 Ldh-str, as RFC 8601 §2.2 names methods, results, ptypes and properties). */
    private String word() {
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) && text.charAt(position) < 0x80
            || text.charAt(position) == '-' || text.charAt(position) == '_')) {
            position++;
        }
        if (position == start) {
            throw new IllegalArgumentException("expected a token at " + start);
        }
        return text.substring(start, position);
    }

    /** A pvalue or reason: a quoted-string, or a token that may hold '@' (an address, RFC 8601 §2.3). */
    private String value() {
        if (peek() == '"') {
            String content = Cfws.quotedString(text, position).orElseThrow(() -> new IllegalArgumentException("unterminated"));
            position = endOfQuoted(position);
            return content;
        }
        int start = position;
        position = endOfToken(position, true);
        if (position == start) {
            throw new IllegalArgumentException("expected a value at " + start);
        }
        return text.substring(start, position);
    }

    private int endOfToken(int from, boolean address) {
        int end = from;
        while (end < text.length() && (MimeToken.isTokenChar(text.charAt(end)) || address && text.charAt(end) == '@')) {
            end++;
        }
        return end;
    }

    private int endOfQuoted(int from) {
        for (int end = from + 1; end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '\\') {
                end++;
            } else if (c == '"') {
                return end + 1;
            }
        }
        throw new IllegalArgumentException("unterminated quoted-string");
    }
}
