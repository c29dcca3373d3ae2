package org.mailauth.spf;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits of RFC 7208 §4.6.4 and what the receiver says about itself. The defaults are the RFC's:
 * 10 DNS-querying terms, 2 void lookups, 10 MX names, 10 PTR names, 20 s for one check.
 */
public final class SpfSettings {

    private final int maxLookups;
    private final int maxVoidLookups;
    private final int maxMxNames;
    private final int maxPtrNames;
    private final Duration timeLimit;
    private final String receiver;
    private final Clock clock;

    private SpfSettings(Builder builder) {
        this.maxLookups = builder.maxLookups;
        this.maxVoidLookups = builder.maxVoidLookups;
        this.maxMxNames = builder.maxMxNames;
        this.maxPtrNames = builder.maxPtrNames;
        this.timeLimit = builder.timeLimit;
        this.receiver = builder.receiver;
        this.clock = builder.clock;
    }

    public static SpfSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxLookups() {
        return maxLookups;
    }

    public int maxVoidLookups() {
        return maxVoidLookups;
    }

    public int maxMxNames() {
        return maxMxNames;
    }

    public int maxPtrNames() {
        return maxPtrNames;
    }

    /** After this long a check is a temperror (§4.6.4 asks for at least 20 s). */
    public Duration timeLimit() {
        return timeLimit;
    }

    /** The receiving host's name: the {@code %{r}} macro and {@code Received-SPF}'s receiver. */
    public String receiver() {
        return receiver;
    }

    /** The time of the {@code %{t}} macro. */
    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private int maxLookups = 10;
        private int maxVoidLookups = 2;
        private int maxMxNames = 10;
        private int maxPtrNames = 10;
        private Duration timeLimit = Duration.ofSeconds(20);
        private String receiver = "unknown";
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder maxVoidLookups(int voidLookups) {
            this.maxVoidLookups = voidLookups;
            return this;
        }

        public Builder timeLimit(Duration limit) {
            this.timeLimit = Objects.requireNonNull(limit);
            return this;
        }

        public Builder receiver(String receiver) {
            this.receiver = Objects.requireNonNull(receiver);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SpfSettings build() {
            return new SpfSettings(this);
        }
    }
}
