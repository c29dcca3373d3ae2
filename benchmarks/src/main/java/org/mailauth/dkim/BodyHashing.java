package org.mailauth.dkim;

import java.util.OptionalLong;

/** For benchmarks: the body path of DKIM alone (relaxed canonicalization into SHA-256), from core's own classes. */
public final class BodyHashing {

    private BodyHashing() {
    }

    /** Canonicalization alone, the output thrown away: how much of the body path is not SHA-256. */
    public static int relaxedOnly(byte[] body) {
        int[] total = {0};
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.of(Canonicalization.RELAXED, (bytes, offset, length) -> total[0] += length);
        canonicalizer.update(body, 0, body.length);
        canonicalizer.finish();
        return total[0];
    }

    public static byte[] relaxedSha256(byte[] body) {
        BodyHasher hasher = new BodyHasher("SHA-256", OptionalLong.empty());
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.of(Canonicalization.RELAXED, hasher);
        canonicalizer.update(body, 0, body.length);
        canonicalizer.finish();
        return hasher.finish().value();
    }
}
