package org.mailauth.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How the pack talks to DNS: which servers, how long to wait, how often to retry, how much to cache.
 * Immutable; {@link #defaults()} uses the system's resolvers (from {@code /etc/resolv.conf} or the
 * platform's equivalent) with a 5 s timeout.
 */
public final class DnsSettings {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_CACHE_ENTRIES = 10_000;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
    /** RFC 2308 §5: "values of one to three hours have been found to work well". */
    public static final Duration DEFAULT_MAX_NEGATIVE_TTL = Duration.ofHours(1);
    /** The EDNS(0) UDP payload size of DNS Flag Day 2020; larger answers come over TCP. */
    public static final int DEFAULT_EDNS_PAYLOAD = 1232;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int retries;
    private final int cacheEntries;
    private final Duration maxTtl;
    private final Duration maxNegativeTtl;
    private final int ednsPayload;

    private DnsSettings(Builder builder) {
        this.servers = List.copyOf(builder.servers);
        this.timeout = builder.timeout;
        this.retries = builder.retries;
        this.cacheEntries = builder.cacheEntries;
        this.maxTtl = builder.maxTtl;
        this.maxNegativeTtl = builder.maxNegativeTtl;
        this.ednsPayload = builder.ednsPayload;
    }

    public static DnsSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The servers to ask, in order; empty means the system's resolvers. */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** How long one attempt waits for its answer. */
    public Duration timeout() {
        return timeout;
    }

    /** Attempts after the first one fails (rotating through the servers). */
    public int retries() {
        return retries;
    }

    /** The longest a lookup can take before it ends as a temporary failure. */
    public Duration maxLookupTime() {
        return timeout.multipliedBy(retries + 1L);
    }

    public int cacheEntries() {
        return cacheEntries;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    public Duration maxNegativeTtl() {
        return maxNegativeTtl;
    }

    public int ednsPayload() {
        return ednsPayload;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.servers = servers;
        builder.timeout = timeout;
        builder.retries = retries;
        builder.cacheEntries = cacheEntries;
        builder.maxTtl = maxTtl;
        builder.maxNegativeTtl = maxNegativeTtl;
        builder.ednsPayload = ednsPayload;
        return builder;
    }

    @Override
    public String toString() {
        String serverList = servers.isEmpty() ? "system"
            : servers.stream().map(ServerAddress::format).collect(Collectors.joining(","));
        return "servers=" + serverList + " timeout=" + timeout.toMillis() + "ms retries=" + retries
            + " cache=" + cacheEntries;
    }

    public static final class Builder {
        private List<InetSocketAddress> servers = List.of();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private int cacheEntries = DEFAULT_CACHE_ENTRIES;
        private Duration maxTtl = DEFAULT_MAX_TTL;
        private Duration maxNegativeTtl = DEFAULT_MAX_NEGATIVE_TTL;
        private int ednsPayload = DEFAULT_EDNS_PAYLOAD;

        private Builder() {
        }

        public Builder servers(List<InetSocketAddress> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        /** Servers written as {@code host[:port]}, {@code [v6]:port} or a bare IPv6 address; port 53 by default. */
        public Builder serverSpecs(List<String> specs) {
            return servers(specs.stream().map(ServerAddress::parse).collect(Collectors.toList()));
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the DNS timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("DNS retries cannot be negative: " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** How many answers the cache keeps (least recently used go first); 0 turns caching off. */
        public Builder cacheEntries(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("the DNS cache size cannot be negative: " + entries);
            }
            this.cacheEntries = entries;
            return this;
        }

        public Builder maxTtl(Duration maxTtl) {
            this.maxTtl = Objects.requireNonNull(maxTtl);
            return this;
        }

        public Builder maxNegativeTtl(Duration maxNegativeTtl) {
            this.maxNegativeTtl = Objects.requireNonNull(maxNegativeTtl);
            return this;
        }

        public Builder ednsPayload(int octets) {
            if (octets < 512 || octets > 65535) {
                throw new IllegalArgumentException("the EDNS payload size must be 512..65535: " + octets);
            }
            this.ednsPayload = octets;
            return this;
        }

        public DnsSettings build() {
            return new DnsSettings(this);
        }
    }
}
