package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;
import org.mailauth.testkit.time.SettableClock;

/** The TTL cache (RFC 2308 negative caching included) over the network resolver and a loopback server. */
class CachingDnsResolverTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private LoopbackDnsServer server;
    private DnsJavaResolver network;

    @BeforeEach
    void startServer() {
        server = LoopbackDnsServer.start(Zone.builder()
            .ttl(60).txt("example.com", "v=spf1 -all")
            .negativeTtl(30).a("example.com", "192.0.2.1")
            .build());
    }

    @AfterEach
    void stopServer() {
        server.close();
        if (network != null) {
            network.close();
        }
    }

    private CachingDnsResolver cache(int entries) {
        DnsSettings settings = DnsSettings.builder()
            .serverSpecs(List.of(server.hostAndPort()))
            .timeout(Duration.ofMillis(500))
            .retries(0)
            .cacheEntries(entries)
            .build();
        network = new DnsJavaResolver(settings, ForkJoinPool.commonPool());
        return CachingDnsResolver.over(network, settings, clock);
    }

    private static <T> DnsAnswer<T> get(CompletionStage<DnsAnswer<T>> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerIsReusedUntilItsTtlRunsOut() throws Exception {
        CachingDnsResolver resolver = cache(100);

        get(resolver.txt("example.com"));
        clock.advance(Duration.ofSeconds(59));
        DnsAnswer<String> cached = get(resolver.txt("example.com"));

        assertThat(server.queries("example.com", "TXT")).isEqualTo(1);
        assertThat(cached.records()).containsExactly("v=spf1 -all");
        assertThat(cached.ttl()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        get(resolver.txt("example.com"));

        assertThat(server.queries("example.com", "TXT")).isEqualTo(2);
    }

    @Test
    void anExpiredAnswerIsReplacedByWhatTheServerSaysNow() throws Exception {
        CachingDnsResolver resolver = cache(100);
        get(resolver.txt("example.com"));

        server.zone(Zone.builder().txt("example.com", "v=spf1 +all").build());
        assertThat(get(resolver.txt("example.com")).records()).containsExactly("v=spf1 -all");

        clock.advance(Duration.ofSeconds(61));
        assertThat(get(resolver.txt("example.com")).records()).containsExactly("v=spf1 +all");
    }

    @Test
    void nxdomainIsCachedForTheNegativeTtl() throws Exception {
        CachingDnsResolver resolver = cache(100);

        assertThat(get(resolver.txt("missing.example.com")).kind()).isEqualTo(DnsAnswer.Kind.NXDOMAIN);
        clock.advance(Duration.ofSeconds(29));
        assertThat(get(resolver.txt("missing.example.com")).kind()).isEqualTo(DnsAnswer.Kind.NXDOMAIN);
        assertThat(server.queries("missing.example.com", "TXT")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        get(resolver.txt("missing.example.com"));
        assertThat(server.queries("missing.example.com", "TXT")).isEqualTo(2);
    }

    @Test
    void nodataIsCachedForTheNegativeTtlAndPerType() throws Exception {
        CachingDnsResolver resolver = cache(100);

        assertThat(get(resolver.mx("example.com")).kind()).isEqualTo(DnsAnswer.Kind.NODATA);
        assertThat(get(resolver.mx("example.com")).kind()).isEqualTo(DnsAnswer.Kind.NODATA);
        assertThat(get(resolver.a("example.com")).kind()).isEqualTo(DnsAnswer.Kind.RECORDS);

        assertThat(server.queries("example.com", "MX")).isEqualTo(1);
        assertThat(server.queries("example.com", "A")).isEqualTo(1);
    }

    @Test
    void temporaryFailuresAreNotCached() throws Exception {
        server.zone(Zone.builder().fault("example.com", Zone.Fault.SERVFAIL).build());
        CachingDnsResolver resolver = cache(100);

        assertThat(get(resolver.txt("example.com")).isTemporaryFailure()).isTrue();
        assertThat(get(resolver.txt("example.com")).isTemporaryFailure()).isTrue();

        assertThat(server.queries("example.com", "TXT")).isEqualTo(2);
    }

    @Test
    void theCacheHoldsAtMostItsSizeDroppingTheLeastRecentlyUsed() throws Exception {
        CachingDnsResolver resolver = cache(2);

        get(resolver.txt("example.com"));
        get(resolver.a("example.com"));
        get(resolver.txt("example.com"));
        get(resolver.mx("example.com"));

        assertThat(resolver.size()).isEqualTo(2);
        get(resolver.txt("example.com"));
        get(resolver.a("example.com"));
        assertThat(server.queries("example.com", "TXT")).isEqualTo(1);
        assertThat(server.queries("example.com", "A")).isEqualTo(2);
    }

    @Test
    void aCacheOfSizeZeroAlwaysAsks() throws Exception {
        CachingDnsResolver resolver = cache(0);

        get(resolver.txt("example.com"));
        get(resolver.txt("example.com"));

        assertThat(server.queries("example.com", "TXT")).isEqualTo(2);
    }

    @Test
    void longTtlsAreCappedAtTheMaximum() throws Exception {
        InMemoryDnsResolver source = InMemoryDnsResolver.builder()
            .ttl(Duration.ofDays(7)).txt("example.com", "v=spf1 -all").build();
        CachingDnsResolver resolver = new CachingDnsResolver(source, 10, Duration.ofHours(1), Duration.ofMinutes(5), clock);

        get(resolver.txt("example.com"));
        clock.advance(Duration.ofHours(1));
        get(resolver.txt("example.com"));

        assertThat(source.lookups()).isEqualTo(2);
    }

    @Test
    void negativeAnswersWithoutSoaAreNotCached() throws Exception {
        InMemoryDnsResolver source = InMemoryDnsResolver.builder().ttl(Duration.ZERO).build();
        CachingDnsResolver resolver = new CachingDnsResolver(source, 10, Duration.ofHours(1), Duration.ofMinutes(5), clock);

        get(resolver.txt("missing.example"));
        get(resolver.txt("missing.example"));

        assertThat(source.lookups()).isEqualTo(2);
    }

    @Test
    void concurrentLookupsOfOneNameShareOneQuery() throws Exception {
        server.delay(Duration.ofMillis(200));
        CachingDnsResolver resolver = cache(100);

        List<CompletableFuture<DnsAnswer<String>>> lookups = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lookups.add(resolver.txt("example.com").toCompletableFuture());
        }
        for (CompletableFuture<DnsAnswer<String>> lookup : lookups) {
            assertThat(lookup.get(30, TimeUnit.SECONDS).records()).containsExactly("v=spf1 -all");
        }

        assertThat(server.queries("example.com", "TXT")).isEqualTo(1);
        assertThat(resolver.misses()).isEqualTo(1);
        assertThat(resolver.hits()).isEqualTo(49);
    }
}
