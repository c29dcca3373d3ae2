package org.mailauth.benchmarks;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSettings;
import org.mailauth.dkim.DkimSigner;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.DkimVerifier;
import org.mailauth.dkim.SigningKey;
import org.mailauth.dkim.SigningSettings;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.CachingDnsResolver;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfSettings;
import org.mailauth.spf.SpfVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole inbound check of a 4 KB message with one RSA-2048 relaxed/relaxed signature, DNS answered from the
 * pack's cache: SPF (a typical record), DKIM and DMARC (a record at the Author Domain, aligned DKIM and SPF) together
 * ({@code fullCheck}), against DKIM verification alone ({@code dkimOnly}). The cost of SPF and DMARC on top of DKIM.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class CheckBenchmark {

    private byte[] message;
    private List<String> fromFields;
    private InetAddress client;
    private SpfVerifier spf;
    private DkimVerifier dkim;
    private DmarcEvaluator dmarc;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SigningKey key = SigningKey.rsa("example.org", "bench", generator.generateKeyPair().getPrivate());
        String unsigned = DkimBenchmark.unsignedMessage(4096);
        message = (new DkimSigner(key, SigningSettings.defaults()).sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)))
            + "\r\n" + unsigned).getBytes(StandardCharsets.US_ASCII);
        fromFields = List.of(" Alice <alice@example.org>");
        client = InetAddress.getByName("192.0.2.10");
        DnsResolver dns = new CachingDnsResolver(InMemoryDnsResolver.builder()
            .txt("bench._domainkey.example.org", key.publicKeyRecord())
            .txt("example.org", "v=spf1 ip4:198.51.100.0/24 ip4:192.0.2.0/24 include:_spf.example.net ~all")
            .txt("_spf.example.net", "v=spf1 ip4:203.0.113.0/24 -all")
            .txt("_dmarc.example.org", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org")
            .build(), 1000, Duration.ofDays(1), Duration.ofHours(1), Clock.systemUTC());
        spf = new SpfVerifier(dns, SpfSettings.builder().receiver("mx.example.com").build());
        dkim = new DkimVerifier(dns, DkimSettings.defaults());
        dmarc = new DmarcEvaluator(dns, DmarcSettings.defaults());
        if (fullCheck().code() != DmarcResult.Code.PASS || dkimOnly().verdict() != DkimResult.PASS) {
            throw new IllegalStateException("the benchmark message does not pass: " + fullCheck());
        }
    }

    @Benchmark
    public DkimVerification dkimOnly() throws Exception {
        return dkim.verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
    }

    @Benchmark
    public DmarcResult fullCheck() throws Exception {
        java.util.concurrent.CompletableFuture<SpfResult> spfResult = spf.checkMailFrom(client, "alice@example.org", "mail.example.org")
            .toCompletableFuture();
        DkimVerification verification = dkim.verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
        return dmarc.evaluate(fromFields, Optional.of(spfResult.join()), verification.signatures(), Optional.of(client))
            .toCompletableFuture().join();
    }
}
