package org.mailauth.arc;

import java.util.Locale;
import java.util.Optional;

/** The Chain Validation Status of RFC 8617 §4.4, as the {@code cv=} tag of an ARC-Seal and the {@code arc=} result writes it. */
public enum ChainValidationStatus {
    NONE, PASS, FAIL;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A cv= value, case-insensitive (RFC 6376 §3.2 tag values are compared as the tag defines; cv= keywords are not case-sensitive). */
    public static Optional<ChainValidationStatus> ofKeyword(String keyword) {
        for (ChainValidationStatus status : values()) {
            if (status.keyword().equalsIgnoreCase(keyword.trim())) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
