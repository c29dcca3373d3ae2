package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.message.HeaderField;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * Hostile input to DKIM (issue 9): mutated tag-lists, signature fields, key records and whole messages (NUL, bare CR
 * and LF, invalid UTF-8, huge and numerous header fields) end in a result or a DkimSyntaxException, never another
 * exception. Seeded and bounded; the number of inputs tried is printed.
 */
class DkimHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final long MAX = Mutator.limit(50_000);
    private static final String SIGNATURE = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=sel; "
        + "t=1795867200; x=1796472000; h=from:to:subject; bh=tBlmHWdp++OzqhKKYH1VGKHSUu6zUfYWVHiu88Y6F9A=; "
        + "b=dUnQKpHOY6Loo3Zn7grR7gyAm+sdWJU4T808Yd3OdqZxn+v1R27By7FdwWp8C/zbvMWoT5wRWZFcHZ2LGtI4hP1AWD/SWFA7xqN=";

    private static void report(String parser, long tried) {
        System.out.println("fuzz " + parser + ": " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    @Test
    void signatureFieldsAndTagListsNeverThrowAnythingButSyntaxErrors() {
        Mutator mutator = new Mutator(Mutator.seed(6376), List.of(SIGNATURE, SIGNATURE.replace("rsa-sha256", "ed25519-sha256") + "; l=100; i=@example.org"));
        report("DkimSignature.parse", mutator.run(BUDGET, MAX, text -> {
            try {
                DkimSignature.parse(HeaderField.of(text));
            } catch (DkimSyntaxException e) {
                // a clear result: permerror
            }
        }));
    }

    @Test
    void keyRecordsNeverThrowAnythingButSyntaxErrors() {
        Mutator mutator = new Mutator(Mutator.seed(8463), List.of(TestKeys.rsa2048("s").publicKeyRecord(), TestKeys.ed25519("e").publicKeyRecord(),
            "v=DKIM1; h=sha1:sha256; k=rsa; s=email:*; t=y:s; n=note; p="));
        report("DkimKey.parse", mutator.run(BUDGET, MAX, text -> {
            try {
                DkimKey.parse(text);
            } catch (DkimSyntaxException e) {
                // permerror
            }
        }));
    }

    @Test
    void wholeMessagesAlwaysGetAVerdict() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder().txt("sel._domainkey.example.org", TestKeys.rsa2048("sel").publicKeyRecord())
            .build();
        DkimVerifier verifier = new DkimVerifier(dns, DkimSettings.defaults());
        String message = SIGNATURE + "\r\nFrom: a@example.org\r\nTo: b@example.com\r\nSubject: s\r\n\r\nbody\r\n.\r\n";
        Mutator mutator = new Mutator(Mutator.seed(5321), List.of(message, "From: a@example.org\n\nbody", "\r\n\r\n", SIGNATURE + "\n" + SIGNATURE
            + "\nFrom: x\n\n"));
        report("DkimVerifier.verify", mutator.run(BUDGET, Mutator.limit(20_000), text -> {
            try {
                assertThat(verifier.verify(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join()
                    .verdict()).isNotNull();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void tenThousandHeaderFieldsAndAMegabyteFieldGetAVerdict() throws Exception {
        DkimVerifier verifier = new DkimVerifier(InMemoryDnsResolver.builder().build(), DkimSettings.defaults());
        String many = (SIGNATURE + "\r\n").repeat(10) + "X-Filler: value\r\n".repeat(10_000) + "From: a@example.org\r\n\r\nbody\r\n";
        String huge = "Subject: " + "x".repeat(1 << 20) + "\r\nFrom: a@example.org\r\n\r\nbody\r\n";
        byte[] invalidUtf8 = ("From: a@example.org\r\nSubject: \u0000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(verifier.verify(new ByteArrayInputStream(many.getBytes(StandardCharsets.US_ASCII))).toCompletableFuture().join()
            .signatures()).as("at most dkim.max-signatures are examined").hasSizeLessThanOrEqualTo(10);
        assertThat(verifier.verify(new ByteArrayInputStream(huge.getBytes(StandardCharsets.US_ASCII))).toCompletableFuture().join()
            .verdict()).isEqualTo(DkimResult.NONE);
        assertThat(verifier.verify(new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\r', '\n', '\r', '\n'}))
            .toCompletableFuture().join().verdict()).isEqualTo(DkimResult.NONE);
        assertThat(verifier.verify(new ByteArrayInputStream(invalidUtf8)).toCompletableFuture().join().verdict()).isEqualTo(DkimResult.NONE);
    }
}
