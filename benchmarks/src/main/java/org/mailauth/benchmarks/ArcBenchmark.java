package org.mailauth.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ArcSealing;
import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ArcVerifier;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.arc.SealingSettings;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.CachingDnsResolver;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
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
 * ARC validation (RFC 8617 §5.2) against DKIM verification in the same run: the 4 KB message of {@link DkimBenchmark}
 * with its RSA-2048 relaxed/relaxed DKIM signature ({@code dkim}), and the same message after two hops that each
 * validated and sealed it with their own RSA-2048 key ({@code arcTwoHops}: 2 AMS, oldest-pass included, and 2 AS
 * verified). Keys are answered from memory through the pack's DNS cache. {@code rawRsaVerify} is the floor of each
 * signature: one {@code SHA256withRSA} verification of a 700-octet header block.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ArcBenchmark {

    private static final int SIZE = 4096;

    private byte[] signed;
    private byte[] sealedTwice;
    private byte[] headerBlock;
    private byte[] headerSignature;
    private KeyPair author;
    private DkimVerifier dkim;
    private ArcVerifier arc;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        author = generator.generateKeyPair();
        KeyPair list = generator.generateKeyPair();
        KeyPair forwarder = generator.generateKeyPair();
        InMemoryDnsResolver records = InMemoryDnsResolver.builder()
            .txt("bench._domainkey.example.org", record(author))
            .txt("arc._domainkey.lists.example", record(list))
            .txt("arc._domainkey.forwarder.example", record(forwarder))
            .build();
        DnsResolver dns = new CachingDnsResolver(records, 100, Duration.ofDays(1), Duration.ofHours(1), Clock.systemUTC());
        dkim = new DkimVerifier(dns, DkimSettings.defaults());
        arc = new ArcVerifier(dns, DkimSettings.defaults());

        String unsigned = DkimBenchmark.unsignedMessage(SIZE);
        String signature = new DkimSigner(SigningKey.rsa("example.org", "bench", author.getPrivate()), SigningSettings.defaults())
            .sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)));
        signed = (signature + "\r\n" + unsigned).getBytes(StandardCharsets.US_ASCII);
        byte[] sealedOnce = seal(signed, SigningKey.rsa("lists.example", "arc", list.getPrivate()));
        sealedTwice = seal(sealedOnce, SigningKey.rsa("forwarder.example", "arc", forwarder.getPrivate()));

        headerBlock = new String(signed, StandardCharsets.US_ASCII).substring(0, 700).getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(author.getPrivate());
        signer.update(headerBlock);
        headerSignature = signer.sign();

        if (dkim().verdict() != DkimResult.PASS) {
            throw new IllegalStateException("the benchmark message does not verify: " + dkim());
        }
        ArcVerification validation = arcTwoHops();
        if (validation.status() != ChainValidationStatus.PASS || validation.instances() != 2 || !validation.oldestPass().equals(OptionalInt.of(0))) {
            throw new IllegalStateException("the benchmark chain does not validate with oldest-pass 0: " + validation);
        }
        if (!rawRsaVerify()) {
            throw new IllegalStateException("the raw RSA signature does not verify");
        }
    }

    /** What a hop does: validates the chain, then adds its set with that status and its own results (RFC 8617 §5.1). */
    private byte[] seal(byte[] message, SigningKey key) throws Exception {
        ArcVerification arriving = arc.verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
        ArcSealing sealing = new ArcSealer(key, SealingSettings.defaults()).seal(new ByteArrayInputStream(message), arriving.status(),
            key.domain() + "; arc=" + arriving.status().keyword() + "; dkim=pass header.d=example.org header.s=bench; "
                + "spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org");
        if (!sealing.sealed()) {
            throw new IllegalStateException(sealing.notSealedReason().orElse(""));
        }
        return (String.join("\r\n", sealing.fields()) + "\r\n" + new String(message, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
    }

    private static String record(KeyPair keys) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** One DKIM verification of the 4 KB message (as {@code DkimBenchmark.mailauth}). */
    @Benchmark
    public DkimVerification dkim() throws Exception {
        return dkim.verify(new ByteArrayInputStream(signed)).toCompletableFuture().join();
    }

    /** The ARC validation of the same message with a 2-hop chain on top. */
    @Benchmark
    public ArcVerification arcTwoHops() throws Exception {
        return arc.verify(new ByteArrayInputStream(sealedTwice)).toCompletableFuture().join();
    }

    @Benchmark
    public boolean rawRsaVerify() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(author.getPublic());
        verifier.update(headerBlock);
        return verifier.verify(headerSignature);
    }
}
