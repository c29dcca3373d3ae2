package org.mailauth.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.mailauth.dns.CachingDnsResolver;
import org.mailauth.dns.DnsJavaResolver;
import org.mailauth.dns.DnsSettings;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.SimpleResolver;

/**
 * TXT lookups answered from the cache (the common case on a busy gateway: the same few thousand SPF, DKIM
 * and DMARC names), mailauth's {@link CachingDnsResolver} against jSPF 1.0.4's resolver (dnsjava's
 * {@code Lookup} and its default cache), both warmed against the same loopback DNS server. A full round
 * trip to that server, uncached, is measured for scale.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ResolverCacheBenchmark {

    private static final int NAMES = 1000;

    private LoopbackDnsServer server;
    private CachingDnsResolver mailauthCached;
    private DnsJavaResolver mailauthUncached;
    private DNSServiceXBillImpl jspf;
    private String[] names;

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String nextName(String[] names) {
            next = (next + 1) % names.length;
            return names[next];
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Zone.Builder zone = Zone.builder().ttl(86_400);
        names = new String[NAMES];
        for (int i = 0; i < NAMES; i++) {
            names[i] = "host" + i + ".example.com";
            zone.txt(names[i], "v=spf1 ip4:192.0.2." + (i % 250) + " include:_spf.example.net -all");
        }
        server = LoopbackDnsServer.start(zone.build());

        DnsSettings settings = DnsSettings.builder()
            .serverSpecs(List.of(server.hostAndPort()))
            .timeout(Duration.ofSeconds(2))
            .build();
        mailauthUncached = new DnsJavaResolver(settings);
        mailauthCached = CachingDnsResolver.over(mailauthUncached, settings, Clock.systemUTC());

        SimpleResolver loopback = new SimpleResolver(server.hostAndPort().split(":")[0]);
        loopback.setPort(server.port());
        Lookup.getDefaultCache(org.xbill.DNS.DClass.IN).clearCache();
        jspf = new DNSServiceXBillImpl(loopback);

        for (String name : names) {
            mailauthCached.txt(name).toCompletableFuture().join();
            jspf.getRecords(new DNSRequest(name, DNSRequest.TXT));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mailauthUncached.close();
        server.close();
    }

    @Benchmark
    public Object mailauthCachedTxt(Cursor cursor) {
        return mailauthCached.txt(cursor.nextName(names)).toCompletableFuture().join();
    }

    @Benchmark
    public Object jspfCachedTxt(Cursor cursor) throws Exception {
        return jspf.getRecords(new DNSRequest(cursor.nextName(names), DNSRequest.TXT));
    }

    @Benchmark
    @Threads(4)
    public Object mailauthCachedTxt4Threads(Cursor cursor) {
        return mailauthCached.txt(cursor.nextName(names)).toCompletableFuture().join();
    }

    @Benchmark
    @Threads(4)
    public Object jspfCachedTxt4Threads(Cursor cursor) throws Exception {
        return jspf.getRecords(new DNSRequest(cursor.nextName(names), DNSRequest.TXT));
    }

    @Benchmark
    public Object mailauthLoopbackRoundTrip(Cursor cursor) {
        return mailauthUncached.txt(cursor.nextName(names)).toCompletableFuture().join();
    }
}
