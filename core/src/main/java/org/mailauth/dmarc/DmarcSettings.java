package org.mailauth.dmarc;

import java.util.Objects;
import java.util.function.IntSupplier;

/** How DMARC is evaluated: the mode, the Public Suffix List (RFC 7489 mode), local exceptions, limits. */
public final class DmarcSettings {

    /** RFC 9989 §11.5: a limit on the Author Domains one message may make us evaluate. */
    public static final int DEFAULT_MAX_AUTHOR_DOMAINS = 5;

    private final DmarcMode mode;
    private final PublicSuffixList publicSuffixList;
    private final LocalPolicy localPolicy;
    private final int maxAuthorDomains;
    private final IntSupplier percentRoll;

    private DmarcSettings(Builder builder) {
        this.mode = builder.mode;
        this.publicSuffixList = builder.publicSuffixList;
        this.localPolicy = builder.localPolicy;
        this.maxAuthorDomains = builder.maxAuthorDomains;
        this.percentRoll = builder.percentRoll;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static DmarcSettings defaults() {
        return builder().build();
    }

    public DmarcMode mode() {
        return mode;
    }

    public PublicSuffixList publicSuffixList() {
        return publicSuffixList;
    }

    public LocalPolicy localPolicy() {
        return localPolicy;
    }

    public int maxAuthorDomains() {
        return maxAuthorDomains;
    }

    /** A number in 0..99 per message, compared with {@code pct} (RFC 7489 §6.6.4). */
    IntSupplier percentRoll() {
        return percentRoll;
    }

    public static final class Builder {
        private DmarcMode mode = DmarcMode.RFC9989;
        private PublicSuffixList publicSuffixList;
        private LocalPolicy localPolicy = LocalPolicy.none();
        private int maxAuthorDomains = DEFAULT_MAX_AUTHOR_DOMAINS;
        private IntSupplier percentRoll = () -> java.util.concurrent.ThreadLocalRandom.current().nextInt(100);

        public Builder mode(DmarcMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder publicSuffixList(PublicSuffixList list) {
            this.publicSuffixList = Objects.requireNonNull(list);
            return this;
        }

        public Builder localPolicy(LocalPolicy localPolicy) {
            this.localPolicy = Objects.requireNonNull(localPolicy);
            return this;
        }

        public Builder maxAuthorDomains(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least one Author Domain must be evaluated: " + max);
            }
            this.maxAuthorDomains = max;
            return this;
        }

        /** For tests: the sampling roll of RFC 7489's pct. */
        public Builder percentRoll(IntSupplier roll) {
            this.percentRoll = Objects.requireNonNull(roll);
            return this;
        }

        public DmarcSettings build() {
            if (publicSuffixList == null) {
                publicSuffixList = mode == DmarcMode.RFC7489 ? PublicSuffixList.bundled() : null;
            }
            return new DmarcSettings(this);
        }
    }
}
