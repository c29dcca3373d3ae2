package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * DKIM (RFC 6376) in a real James with the sample configuration: a message signed by dkimpy, an
 * independent implementation, with its key published on the loopback DNS server.
 */
class DkimIT {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
        + "To: Bob <bob@gateway.test>\r\n"
        + "Subject: signed\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <signed-1@example.org>\r\n"
        + "\r\n"
        + "This message is signed.\r\n";

    private static JamesHarness james;
    private static String signedByDkimpy;

    @BeforeAll
    static void startJames() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        signedByDkimpy = dkimpySign(MESSAGE, keys) + MESSAGE;
        james = JamesHarness.builder().zone(Zone.builder()
            .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
            .longTxt("mail._domainkey.example.org", "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
            .build()).start();
        james.addUser("bob@gateway.test", "bobpw");
        james.addUser("carol@gateway.test", "carolpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void aMessageSignedByDkimpyPasses() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mail.example.org").send("alice@example.org", "bob@gateway.test", signedByDkimpy);
        }

        String headers = firstHeaders("bob@gateway.test", "bobpw");
        assertThat(headers).contains("dkim=pass header.d=example.org").contains("header.s=mail").contains("header.a=rsa-sha256");
    }

    @Test
    void theSameMessageWithItsBodyChangedInTransitFails() throws Exception {
        String tampered = signedByDkimpy.replace("To: Bob <bob@gateway.test>", "To: Carol <carol@gateway.test>")
            .replace("This message is signed.", "This message was changed.");
        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mail.example.org").send("alice@example.org", "carol@gateway.test", tampered);
        }

        String headers = firstHeaders("carol@gateway.test", "carolpw");
        assertThat(headers).contains("dkim=fail reason=\"body hash did not verify\" header.d=example.org");
    }

    private static String firstHeaders(String user, String password) throws Exception {
        try (TestIMAPClient imap = james.imap(user, password)) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            return imap.readFirstMessageHeaders();
        }
    }

    /** dkimpy (python3-dkim, installed by .ci/run) signs with the PKCS#1 PEM form of the key. */
    private static String dkimpySign(String message, KeyPair keys) throws Exception {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        Path pem = Files.createTempFile("dkim", ".pem");
        Files.writeString(pem, "-----BEGIN RSA PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n");
        Path script = Files.createTempFile("dkimpy-tool", ".py");
        try (InputStream in = DkimIT.class.getResourceAsStream("/dkim/dkimpy-tool.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process process = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), "sign", "example.org", "mail",
            pem.toString(), "rsa-sha256", "relaxed/relaxed")).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.US_ASCII));
        }
        String field = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("dkimpy failed (is python3-dkim installed? .ci/run installs it): " + errors);
        }
        return field;
    }
}
