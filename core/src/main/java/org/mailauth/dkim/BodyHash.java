package org.mailauth.dkim;

import java.security.MessageDigest;

/**
 * The hash of a canonical body (RFC 6376 §3.7), as {@link BodyHasher} computed it, with the length of the whole
 * canonical body (l= or not, §3.5). Immutable: signatures verified on other threads share it.
 */
public final class BodyHash {

    private final byte[] value;
    private final long canonicalLength;

    BodyHash(byte[] value, long canonicalLength) {
        this.value = value.clone();
        this.canonicalLength = canonicalLength;
    }

    public byte[] value() {
        return value.clone();
    }

    /** Whether {@code bh} (the decoded bh= tag) is this hash; compared in constant time. */
    public boolean matches(byte[] bh) {
        return MessageDigest.isEqual(value, bh);
    }

    /** The length of the whole canonical body, l= or not. */
    public long canonicalLength() {
        return canonicalLength;
    }
}
