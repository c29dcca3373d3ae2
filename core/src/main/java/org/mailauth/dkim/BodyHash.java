package org.mailauth.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The hash of a canonical body (RFC 6376 §3.7, the bh= value), over at most l= octets when a length is
 * given (§3.5). It also counts the whole canonical length, to tell whether content lies beyond l=.
 */
final class BodyHash implements BodyCanonicalizer.Sink {

    private final MessageDigest digest;
    private final OptionalLong limit;
    private long length;
    private byte[] value;

    BodyHash(String algorithm, OptionalLong limit) {
        try {
            this.digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
        this.limit = limit;
    }

    @Override
    public void accept(byte[] bytes, int offset, int count) {
        long hashable = limit.isPresent() ? Math.max(0, Math.min(count, limit.getAsLong() - length)) : count;
        if (hashable > 0) {
            digest.update(bytes, offset, (int) hashable);
        }
        length += count;
    }

    /** The digest; call once, after the canonicalizer finished. */
    byte[] value() {
        if (value == null) {
            value = digest.digest();
        }
        return value.clone();
    }

    /** The length of the whole canonical body, l= or not. */
    long canonicalLength() {
        return length;
    }

    /** Sends the same canonical bytes to several hashes (same canonicalization, other hash or l=). */
    static BodyCanonicalizer.Sink fanOut(List<BodyHash> hashes) {
        if (hashes.size() == 1) {
            return hashes.get(0);
        }
        return (bytes, offset, count) -> {
            for (BodyHash hash : hashes) {
                hash.accept(bytes, offset, count);
            }
        };
    }
}
