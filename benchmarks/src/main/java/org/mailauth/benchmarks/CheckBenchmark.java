package org.mailauth.benchmarks;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dns.CachingDnsResolver;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.inbound.SmtpFacts;
import org.mailauth.spf.SpfSettings;
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
    private SmtpFacts facts;
    private MessageAuthenticator authenticator;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SigningKey key = SigningKey.rsa("example.org", "bench", generator.generateKeyPair().getPrivate());
        String unsigned = DkimBenchmark.unsignedMessage(4096);
        message = (new DkimSigner(key, SigningSettings.defaults()).sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)))
            + "\r\n" + unsigned).getBytes(StandardCharsets.US_ASCII);
        facts = new SmtpFacts(InetAddress.getByName("192.0.2.10"), "mail.example.org", "alice@example.org");
        DnsResolver dns = new CachingDnsResolver(InMemoryDnsResolver.builder()
            .txt("bench._domainkey.example.org", key.publicKeyRecord())
            .txt("example.org", "v=spf1 ip4:198.51.100.0/24 ip4:192.0.2.0/24 include:_spf.example.net ~all")
            .txt("_spf.example.net", "v=spf1 ip4:203.0.113.0/24 -all")
            .txt("_dmarc.example.org", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org")
            .build(), 1000, Duration.ofDays(1), Duration.ofHours(1), Clock.systemUTC());
        authenticator = new MessageAuthenticator(dns, AuthenticationSettings.builder()
            .spf(SpfSettings.builder().receiver("mx.example.com").build()).build());
        if (fullCheck().code() != DmarcResult.Code.PASS || dkimOnly().verdict() != DkimResult.PASS) {
            throw new IllegalStateException("the benchmark message does not pass: " + fullCheck());
        }
    }

    @Benchmark
    public DkimVerification dkimOnly() throws Exception {
        return authenticator.dkim().verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
    }

    @Benchmark
    public DmarcResult fullCheck() throws Exception {
        return authenticator.authenticate(facts, new ByteArrayInputStream(message)).toCompletableFuture().join().dmarc();
    }
}
