package org.mailauth.results;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An {@code Authentication-Results} header field (RFC 8601 §2.2): the authserv-id and the result of each
 * method, or {@code none} when no method was applied.
 */
public final class AuthenticationResultsField {

    public static final String NAME = "Authentication-Results";

    private final AuthservId authservId;
    private final List<MethodResult> results;

    public AuthenticationResultsField(AuthservId authservId, List<MethodResult> results) {
        this.authservId = authservId;
        this.results = List.copyOf(results);
    }

    public AuthservId authservId() {
        return authservId;
    }

    public List<MethodResult> results() {
        return results;
    }

    /** The field body: {@code authserv-id; none} or {@code authserv-id; method=result ...; method=result ...}. */
    public String value() {
        if (results.isEmpty()) {
            return authservId.value() + "; none";
        }
        return authservId.value() + ";\r\n\t" + results.stream().map(MethodResult::toString).collect(Collectors.joining(";\r\n\t"));
    }

    /** Reads a field body (RFC 8601 §2.2); empty when it cannot be read. The inverse of {@link #value()}. */
    public static Optional<AuthenticationResultsField> parse(String fieldValue) {
        return AuthenticationResultsParser.parse(fieldValue);
    }

    /**
     * The authserv-id a received field claims: its first token or quoted-string, after any comments and
     * white space (RFC 8601 §2.2). Empty when the field is too malformed to name one.
     */
    public static Optional<String> claimedAuthservId(String fieldValue) {
        int position = Cfws.skip(fieldValue, 0);
        if (position >= fieldValue.length()) {
            return Optional.empty();
        }
        if (fieldValue.charAt(position) == '"') {
            return Cfws.quotedString(fieldValue, position);
        }
        int end = position;
        while (end < fieldValue.length() && MimeToken.isTokenChar(fieldValue.charAt(end))) {
            end++;
        }
        return end == position ? Optional.empty() : Optional.of(fieldValue.substring(position, end));
    }
}
