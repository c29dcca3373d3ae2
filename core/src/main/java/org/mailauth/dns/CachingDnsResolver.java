package org.mailauth.dns;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.xbill.DNS.ReverseMap;

/**
 * A bounded cache in front of another resolver. Answers are kept for their TTL, capped by a maximum;
 * NXDOMAIN and NODATA are kept for their negative TTL (RFC 2308 §5), capped separately, and not at all when
 * the server sent no SOA. Temporary failures are not kept, so the next lookup asks again. When the cache is
 * full the least recently used answer goes. Concurrent lookups of the same name and type share one query.
 * Time comes from the given {@link Clock}.
 */
public final class CachingDnsResolver implements DnsResolver {

    private final DnsResolver delegate;
    private final Clock clock;
    private final Duration maxTtl;
    private final Duration maxNegativeTtl;
    private final Map<Key, Cached> entries;
    private final ConcurrentHashMap<Key, CompletableFuture<DnsAnswer<?>>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public CachingDnsResolver(DnsResolver delegate, int maxEntries, Duration maxTtl, Duration maxNegativeTtl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate);
        this.clock = Objects.requireNonNull(clock);
        this.maxTtl = maxTtl;
        this.maxNegativeTtl = maxNegativeTtl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** A cache sized and capped as {@code settings} say. */
    public static CachingDnsResolver over(DnsResolver delegate, DnsSettings settings, Clock clock) {
        return new CachingDnsResolver(delegate, settings.cacheEntries(), settings.maxTtl(), settings.maxNegativeTtl(), clock);
    }

    @Override
    public CompletionStage<DnsAnswer<String>> txt(String name) {
        return cached(name, RecordType.TXT, () -> delegate.txt(name));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
        return cached(name, RecordType.A, () -> delegate.a(name));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
        return cached(name, RecordType.AAAA, () -> delegate.aaaa(name));
    }

    @Override
    public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
        return cached(name, RecordType.MX, () -> delegate.mx(name));
    }

    @Override
    public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
        return cached(ReverseMap.fromAddress(address).toString(), RecordType.PTR, () -> delegate.ptr(address));
    }

    /** Lookups answered from the cache or by joining a query already in flight. */
    public long hits() {
        return hits.get();
    }

    /** Lookups that had to be passed on. */
    public long misses() {
        return misses.get();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }

    @SuppressWarnings("unchecked")
    private <T> CompletionStage<DnsAnswer<T>> cached(String text, RecordType type, Supplier<CompletionStage<DnsAnswer<T>>> lookup) {
        Optional<String> name = QueryName.key(text);
        if (name.isEmpty()) {
            return lookup.get();
        }
        Key key = new Key(name.get(), type);
        Optional<DnsAnswer<?>> fresh = get(key);
        if (fresh.isPresent()) {
            hits.incrementAndGet();
            return CompletableFuture.completedFuture((DnsAnswer<T>) fresh.get());
        }
        CompletableFuture<DnsAnswer<?>> promise = new CompletableFuture<>();
        CompletableFuture<DnsAnswer<?>> running = inFlight.putIfAbsent(key, promise);
        if (running != null) {
            hits.incrementAndGet();
            return running.thenApply(answer -> (DnsAnswer<T>) answer);
        }
        misses.incrementAndGet();
        lookup.get().whenComplete((answer, error) -> {
            if (answer != null) {
                put(key, answer);
            }
            inFlight.remove(key, promise);
            if (error != null) {
                promise.completeExceptionally(error);
            } else {
                promise.complete(answer);
            }
        });
        return promise.thenApply(answer -> (DnsAnswer<T>) answer);
    }

    private synchronized Optional<DnsAnswer<?>> get(Key key) {
        Cached entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        Duration remaining = Duration.between(clock.instant(), entry.expires);
        if (remaining.isNegative() || remaining.isZero()) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.answer.withTtl(Duration.ofSeconds(remaining.getSeconds())));
    }

    private synchronized void put(Key key, DnsAnswer<?> answer) {
        Duration ttl = keepFor(answer);
        if (!ttl.isZero() && !ttl.isNegative()) {
            entries.put(key, new Cached(answer, clock.instant().plus(ttl)));
        }
    }

    private Duration keepFor(DnsAnswer<?> answer) {
        switch (answer.kind()) {
            case RECORDS:
                return min(answer.ttl(), maxTtl);
            case NXDOMAIN:
            case NODATA:
                return min(answer.ttl(), maxNegativeTtl);
            default:
                return Duration.ZERO;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static final class Key {
        private final String name;
        private final RecordType type;

        Key(String name, RecordType type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).name.equals(name) && ((Key) other).type == type;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + type.hashCode();
        }
    }

    private static final class Cached {
        private final DnsAnswer<?> answer;
        private final Instant expires;

        Cached(DnsAnswer<?> answer, Instant expires) {
            this.answer = answer;
            this.expires = expires;
        }
    }
}
