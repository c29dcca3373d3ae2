package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * Signing and verifying never hold the body: a 100 MB message is signed and verified in a JVM of 64 MB of
 * heap. The message is generated as it is read, twice (once for the signer, once for the verifier).
 */
class LargeMessageTest {

    private static final long BODY_SIZE = 100L * 1024 * 1024;
    private static final String HEADER = "From: a@example.org\r\nTo: b@example.com\r\nSubject: big\r\n\r\n";

    @Test
    void aHundredMegabyteMessageIsSignedAndVerifiedIn64MegabytesOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            LargeMessageTest.class.getName()))
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(output).as(output).contains("RESULT pass");
        assertThat(process.exitValue()).isZero();
    }

    /** Runs in the child JVM. */
    public static void main(String[] args) throws Exception {
        DkimSigner signer = new DkimSigner(TestKeys.rsa2048("big"), SigningSettings.defaults());
        String signature = signer.sign(message());
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("big._domainkey.example.org", TestKeys.rsa2048("big").publicKeyRecord()).build();
        InputStream signed = new SequenceInputStream(
            new ByteArrayInputStream((signature + "\r\n").getBytes(StandardCharsets.ISO_8859_1)), message());
        DkimVerification verification = new DkimVerifier(dns, DkimSettings.defaults()).verify(signed).toCompletableFuture().join();
        System.out.println("RESULT " + verification.verdict().keyword() + " max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }

    private static InputStream message() {
        return new SequenceInputStream(new ByteArrayInputStream(HEADER.getBytes(StandardCharsets.US_ASCII)), new GeneratedBody(BODY_SIZE));
    }

    /** Lines of text, {@code size} octets in all, made as they are read. */
    private static final class GeneratedBody extends InputStream {
        private static final byte[] LINE = "The quick brown fox jumps over the lazy dog;   twice\t over.\r\n".getBytes(StandardCharsets.US_ASCII);
        private long remaining;
        private int position;

        GeneratedBody(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = LINE[position];
                position = (position + 1) % LINE.length;
            }
            remaining -= count;
            return count;
        }

        @Override
        public void close() throws IOException {
            remaining = 0;
        }
    }
}
