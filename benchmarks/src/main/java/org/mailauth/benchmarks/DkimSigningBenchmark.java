package org.mailauth.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.apache.james.jdkim.DKIMSigner;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
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
 * DKIM signatures per second, relaxed/relaxed: mailauth with RSA-2048 and with Ed25519, Apache jDKIM 0.3's
 * DKIMSigner (what James 3.8's DKIMSign uses) with the same RSA-2048 key, and the floor every RSA signer pays:
 * one {@code SHA256withRSA} signature of a typical canonicalized header block ({@code rawRsaSign}). Messages as in
 * {@link DkimBenchmark}: 4 KB of text, and 1 MB with a base64 attachment.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DkimSigningBenchmark {

    @Param({"4096", "1048576"})
    public int size;

    private byte[] message;
    private byte[] headerBlock;
    private PrivateKey rsaKey;
    private DkimSigner mailauthRsa;
    private DkimSigner mailauthEd25519;
    private DKIMSigner jdkim;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsaKey = generator.generateKeyPair().getPrivate();
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        String unsigned = DkimBenchmark.unsignedMessage(size);
        message = unsigned.getBytes(StandardCharsets.US_ASCII);
        SigningSettings settings = SigningSettings.defaults();
        mailauthRsa = new DkimSigner(SigningKey.rsa("example.org", "bench", rsaKey), settings);
        mailauthEd25519 = new DkimSigner(SigningKey.ed25519("example.org", "ed", seed), settings);
        jdkim = new DKIMSigner("v=1; s=bench; d=example.org; h=from:to:subject:date:message-id:mime-version:content-type; "
            + "a=rsa-sha256; c=relaxed/relaxed; bh=; b=;", rsaKey);
        headerBlock = ("from:Alice <alice@example.org>\r\nto:Bob <bob@example.com>\r\nsubject:benchmark\r\n"
            + "date:Sat, 28 Nov 2026 12:00:00 +0000\r\nmessage-id:<bench@example.org>\r\nmime-version:1.0\r\n"
            + "content-type:text/plain; charset=us-ascii\r\ndkim-signature:v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; "
            + "s=bench; t=1795867200; h=from:from:reply-to:subject:subject:date:date:to:to:cc:message-id:message-id:"
            + "content-type:content-type:mime-version:mime-version; bh=" + Base64.getEncoder().encodeToString(new byte[32]) + "; b=")
            .getBytes(StandardCharsets.US_ASCII);
        if (!mailauthRsa().startsWith("DKIM-Signature:") || !jdkim().startsWith("DKIM-Signature:")) {
            throw new IllegalStateException("a signer made no signature");
        }
    }

    @Benchmark
    public String mailauthRsa() throws Exception {
        return mailauthRsa.sign(new ByteArrayInputStream(message));
    }

    @Benchmark
    public String mailauthEd25519() throws Exception {
        return mailauthEd25519.sign(new ByteArrayInputStream(message));
    }

    @Benchmark
    public String jdkim() throws Exception {
        return jdkim.sign(new ByteArrayInputStream(message));
    }

    @Benchmark
    public byte[] rawRsaSign() throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(rsaKey);
        signature.update(headerBlock);
        return signature.sign();
    }
}
