package org.mailauth.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.CachingDnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DKIM verifications per second of one RSA-2048, relaxed/relaxed signature, key lookups answered from
 * memory, mailauth against Apache jDKIM 0.3 (what James 3.8's DKIMVerify uses), on a 4 KB text message and
 * a 1 MB message (text and a base64 attachment). For the body path, the same bytes through mailauth's relaxed canonicalizer and SHA-256
 * ({@code relaxedBodyHash}) and through SHA-256 alone ({@code rawSha256}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DkimBenchmark {

    @Param({"4096", "1048576"})
    public int size;

    private byte[] message;
    private byte[] body;
    private DkimVerifier mailauth;
    private org.apache.james.jdkim.DKIMVerifier jdkim;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        String unsigned = unsignedMessage(size);
        String signature = new DkimSigner(SigningKey.rsa("example.org", "bench", keys.getPrivate()), SigningSettings.defaults())
            .sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)));
        message = (signature + "\r\n" + unsigned).getBytes(StandardCharsets.US_ASCII);
        body = body(size).getBytes(StandardCharsets.US_ASCII);

        InMemoryDnsResolver dns = InMemoryDnsResolver.builder().txt("bench._domainkey.example.org", record).build();
        mailauth = new DkimVerifier(new CachingDnsResolver(dns, 100, java.time.Duration.ofDays(1), java.time.Duration.ofHours(1),
            java.time.Clock.systemUTC()), DkimSettings.defaults());
        PublicKeyRecordRetriever keysFromMemory = (method, selector, domain) -> List.of(record);
        jdkim = new org.apache.james.jdkim.DKIMVerifier(keysFromMemory);

        if (mailauth().verdict() != DkimResult.PASS) {
            throw new IllegalStateException("mailauth does not verify the benchmark message: " + mailauth());
        }
        if (jdkim().size() != 1) {
            throw new IllegalStateException("jDKIM does not verify the benchmark message");
        }
    }

    /** The unsigned message every DKIM benchmark uses: a plain header section and {@link #body(int)}. */
    static String unsignedMessage(int size) {
        return "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.com>\r\nSubject: benchmark\r\n"
            + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <bench@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body(size);
    }

    /**
     * What mail of that size usually is: up to a few KB, a text part (lines of about 70 characters, single
     * spaces, a double space after some sentences); beyond, that text followed by a base64 attachment in
     * 76-character lines (RFC 2045 §6.8).
     */
    static String body(int size) {
        StringBuilder text = new StringBuilder(size + 100);
        String[] words = {"The", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog.", "Then", "it", "rests."};
        int line = 0;
        for (int i = 0; text.length() < Math.min(size, 4096); i++) {
            String word = words[i % words.length];
            text.append(word).append(word.endsWith(".") && i % 3 == 0 ? "  " : " ");
            line += word.length() + 1;
            if (line > 68) {
                text.append("\r\n");
                line = 0;
            }
        }
        text.append("\r\n");
        if (size > 4096) {
            byte[] attachment = new byte[(size - text.length()) * 3 / 4];
            new java.util.Random(7).nextBytes(attachment);
            text.append("\r\n").append(Base64.getMimeEncoder().encodeToString(attachment)).append("\r\n");
        }
        return text.toString();
    }

    @Benchmark
    public DkimVerification mailauth() throws Exception {
        return mailauth.verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
    }

    @Benchmark
    public List<SignatureRecord> jdkim() throws Exception {
        return jdkim.verify(new ByteArrayInputStream(message));
    }

    /** The body path of verification alone: relaxed canonicalization into SHA-256 (RFC 6376 §3.4.4, §3.7). */
    @Benchmark
    public byte[] relaxedBodyHash() {
        BodyHasher hasher = new BodyHasher(DkimAlgorithm.RSA_SHA256, OptionalLong.empty());
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.of(Canonicalization.RELAXED, hasher);
        canonicalizer.update(body, 0, body.length);
        canonicalizer.finish();
        return hasher.finish().value();
    }

    /** Canonicalization alone, the output thrown away: how much of the body path is not SHA-256. */
    @Benchmark
    public int relaxedCanonicalizationOnly() {
        int[] total = {0};
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.of(Canonicalization.RELAXED, (bytes, offset, length) -> total[0] += length);
        canonicalizer.update(body, 0, body.length);
        canonicalizer.finish();
        return total[0];
    }

    @Benchmark
    public byte[] rawSha256() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(body);
    }
}
