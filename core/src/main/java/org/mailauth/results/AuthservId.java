package org.mailauth.results;

import java.util.Locale;
import java.util.Objects;

/**
 * The authentication service identifier of RFC 8601 §2.5: the name under which this gateway writes
 * {@code Authentication-Results}, usually its host name or its ADMD's domain. Header fields that carry it
 * and did not come from us are forgeries (§5). Compared without regard to case.
 */
public final class AuthservId {

    private final String value;

    private AuthservId(String value) {
        this.value = value;
    }

    /** {@code value} must be an RFC 2045 token (RFC 8601 §2.2): no spaces, no tspecials, no controls. */
    public static AuthservId of(String value) {
        Objects.requireNonNull(value);
        if (value.isEmpty() || !value.chars().allMatch(MimeToken::isTokenChar)) {
            throw new IllegalArgumentException("an authserv-id is a single token such as mx.example.com, not '" + value + "'");
        }
        return new AuthservId(value);
    }

    public String value() {
        return value;
    }

    /** Whether {@code other} names this service (case-insensitive, RFC 8601 §2.5). */
    public boolean matches(String other) {
        return value.equalsIgnoreCase(other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthservId && ((AuthservId) other).value.toLowerCase(Locale.ROOT)
            .equals(value.toLowerCase(Locale.ROOT));
    }

    @Override
    public int hashCode() {
        return value.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
