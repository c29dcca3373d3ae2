package org.mailauth.dkim.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The verifier's policy. Defaults: RSA keys of 1024 to 8192 bits (RFC 8301 §3.2), at most 10 signatures
 * examined per message, 5 minutes of clock skew for t=, and l= accepted only when it covers the whole body.
 */
public final class DkimSettings {

    /** What to do with a signature whose l= leaves part of the body unsigned (RFC 6376 §8.2). */
    public enum BodyLengthPolicy {
        /** Content after the signed length makes the signature "policy", not "pass". */
        WHOLE_BODY,
        /** A signature with l= passes if the signed part verifies (RFC 6376's own rule). */
        SIGNED_PART
    }

    private final int minRsaBits;
    private final int maxRsaBits;
    private final int maxSignatures;
    private final Duration clockSkew;
    private final BodyLengthPolicy bodyLengthPolicy;
    private final Clock clock;

    private DkimSettings(Builder builder) {
        this.minRsaBits = builder.minRsaBits;
        this.maxRsaBits = builder.maxRsaBits;
        this.maxSignatures = builder.maxSignatures;
        this.clockSkew = builder.clockSkew;
        this.bodyLengthPolicy = builder.bodyLengthPolicy;
        this.clock = builder.clock;
    }

    public static DkimSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int minRsaBits() {
        return minRsaBits;
    }

    public int maxRsaBits() {
        return maxRsaBits;
    }

    public int maxSignatures() {
        return maxSignatures;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public BodyLengthPolicy bodyLengthPolicy() {
        return bodyLengthPolicy;
    }

    public Clock clock() {
        return clock;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.minRsaBits = minRsaBits;
        builder.maxRsaBits = maxRsaBits;
        builder.maxSignatures = maxSignatures;
        builder.clockSkew = clockSkew;
        builder.bodyLengthPolicy = bodyLengthPolicy;
        builder.clock = clock;
        return builder;
    }

    public static final class Builder {
        private int minRsaBits = 1024;
        private int maxRsaBits = 8192;
        private int maxSignatures = 10;
        private Duration clockSkew = Duration.ofMinutes(5);
        private BodyLengthPolicy bodyLengthPolicy = BodyLengthPolicy.WHOLE_BODY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder minRsaBits(int bits) {
            this.minRsaBits = bits;
            return this;
        }

        public Builder maxRsaBits(int bits) {
            this.maxRsaBits = bits;
            return this;
        }

        public Builder maxSignatures(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one signature must be examined");
            }
            this.maxSignatures = count;
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew);
            return this;
        }

        public Builder bodyLengthPolicy(BodyLengthPolicy policy) {
            this.bodyLengthPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public DkimSettings build() {
            return new DkimSettings(this);
        }
    }
}
