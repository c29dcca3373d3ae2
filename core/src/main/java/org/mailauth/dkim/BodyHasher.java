package org.mailauth.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Computes the hash of a canonical body (RFC 6376 §3.7, the bh= value), over at most l= octets when a length is
 * given (§3.5), and counts the whole canonical length, to tell whether content lies beyond l=. It is fed by one
 * thread; {@link #finish()} hands the result on as an immutable {@link BodyHash}, which any thread may read.
 */
public final class BodyHasher implements BodyCanonicalizer.Sink {

    private final MessageDigest digest;
    private final OptionalLong limit;
    private long length;
    private boolean finished;

    /** The hash of {@code algorithm}'s a= (sha256 or sha1), over at most {@code limit} octets (l=) when present. */
    public BodyHasher(DkimAlgorithm algorithm, OptionalLong limit) {
        try {
            this.digest = MessageDigest.getInstance(algorithm.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm.digest(), e);
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

    /** The body hash; once, after the canonicalizer finished (a second digest would be that of nothing). */
    public BodyHash finish() {
        if (finished) {
            throw new IllegalStateException("the body hash was already computed");
        }
        finished = true;
        return new BodyHash(digest.digest(), length);
    }

    /** Sends the same canonical bytes to several hashers (same canonicalization, other hash or l=). */
    public static BodyCanonicalizer.Sink fanOut(List<BodyHasher> hashers) {
        if (hashers.size() == 1) {
            return hashers.get(0);
        }
        return (bytes, offset, count) -> {
            for (BodyHasher hasher : hashers) {
                hasher.accept(bytes, offset, count);
            }
        };
    }
}
