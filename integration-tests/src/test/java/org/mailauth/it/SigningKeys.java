package org.mailauth.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.mailauth.testkit.dns.Zone;

/**
 * An RSA-2048 key (selector rsa2026) and an Ed25519 key (selector ed2026) of the harness's domain, made with the
 * JDK and written as PKCS#8 PEM; their key records for the DNS; and what the outbound-signing tests share:
 * submitting as Alice and capturing what the remote server received, and dkimpy's verdicts.
 */
final class SigningKeys {

    static final String ALICE = "alice@" + JamesHarness.DOMAIN;

    final String rsaRecord;
    final String ed25519Record;
    private final KeyPair rsa;
    private final KeyPair ed25519;

    SigningKeys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        rsaRecord = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
        byte[] x509 = ed25519.getPublic().getEncoded();
        ed25519Record = "v=DKIM1; k=ed25519; p="
            + Base64.getEncoder().encodeToString(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
    }

    /** A harness whose DNS publishes both keys and whose sample DKIMSign signs Alice's mail with both. */
    JamesHarness.Builder harness() {
        return harness(Zone.builder());
    }

    /** The same, with more DNS data. */
    JamesHarness.Builder harness(Zone.Builder zone) {
        return JamesHarness.builder()
            .zone(zone
                .longTxt("rsa2026._domainkey." + JamesHarness.DOMAIN, rsaRecord)
                .txt("ed2026._domainkey." + JamesHarness.DOMAIN, ed25519Record)
                .build())
            .signingKey(JamesHarness.DOMAIN, "rsa2026", pkcs8Pem(rsa))
            .signingKey(JamesHarness.DOMAIN, "ed2026", pkcs8Pem(ed25519));
    }

    /** Alice submits (AUTH PLAIN) a message to a remote address; returns the bytes the remote server received. */
    static String submitAndCapture(JamesHarness james, String id, String contentAndBody) throws Exception {
        String recipient = "dave+" + id + "@remote.example";
        String message = "From: Alice <" + ALICE + ">\r\n"
            + "To: Dave <" + recipient + ">\r\n"
            + "Subject: " + id + "\r\n"
            + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
            + "Message-ID: <" + id + "@" + JamesHarness.DOMAIN + ">\r\n"
            + contentAndBody;
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("laptop.example").authPlain(ALICE, "alicepw").send(ALICE, recipient, message);
        }
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(
            () -> james.sink().received().stream().filter(mail -> mail.recipients.contains(recipient)).findFirst(),
            Optional::isPresent).get().data;
    }

    /** dkimpy (python3-dkim with python3-nacl, installed by bin/test): one "pass" or "fail" per signature. */
    String dkimpyVerify(String message) throws Exception {
        Path script = Files.createTempFile("dkimpy-tool", ".py");
        try (InputStream in = SigningKeys.class.getResourceAsStream("/dkim/dkimpy-tool.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process process = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), "verify",
            "rsa2026._domainkey." + JamesHarness.DOMAIN + "=" + rsaRecord,
            "ed2026._domainkey." + JamesHarness.DOMAIN + "=" + ed25519Record)).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.ISO_8859_1));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("dkimpy failed: " + errors);
        }
        Files.delete(script);
        return out.trim();
    }

    /** The private key of {@code keys} as PKCS#8 PEM, the form a KeyTable key file has. */
    static String pkcs8Pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    }
}
