package org.mailauth.dmarc;

import java.util.Locale;
import java.util.Optional;

/** A Domain Owner Assessment Policy: the {@code p}, {@code sp} and {@code np} values (RFC 9989 §4.7). */
public enum Policy {
    NONE, QUARANTINE, REJECT;

    /** ABNF literals are case-insensitive (RFC 5234 §2.3). */
    static Optional<Policy> parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "none":
                return Optional.of(NONE);
            case "quarantine":
                return Optional.of(QUARANTINE);
            case "reject":
                return Optional.of(REJECT);
            default:
                return Optional.empty();
        }
    }

    /** One level below, as {@code t=y} asks (RFC 9989 §4.7): reject → quarantine → none. */
    Policy oneLevelBelow() {
        return this == REJECT ? QUARANTINE : NONE;
    }

    /** The name in records, reports and Authentication-Results. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
