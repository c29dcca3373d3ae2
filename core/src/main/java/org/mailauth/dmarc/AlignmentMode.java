package org.mailauth.dmarc;

/** {@code adkim} and {@code aspf} (RFC 9989 §4.7): identical domains, or the same Organizational Domain (§3.2.10). */
public enum AlignmentMode {
    RELAXED, STRICT;

    /** The tag value: "r" or "s". */
    public String value() {
        return this == RELAXED ? "r" : "s";
    }
}
