package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.testkit.dns.Zone;

/**
 * A message signed with {@code mailauth dkim sign}, the way an admin signs a file, passes DKIM in a real James
 * (RFC 6376). The message has neither MIME-Version nor Content-Type, and James adds {@code MIME-Version: 1.0} on the
 * way: a signature asserting that field's absence (h= listing it) failed there.
 */
class CliSignatureThroughJamesIT {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
        + "To: Bob <bob@gateway.test>\r\n"
        + "Subject: signed with the command line\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <cli-1@example.org>\r\n"
        + "\r\n"
        + "Signed by mailauth dkim sign, without MIME fields.\r\n";

    @TempDir
    static Path folder;

    private static JamesHarness james;
    private static String signed;

    @BeforeAll
    static void signAndStartJames() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path key = folder.resolve("cli.private");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        Path message = Files.writeString(folder.resolve("message.eml"), MESSAGE, StandardCharsets.ISO_8859_1);
        Path output = folder.resolve("signed.eml");
        mailauth("dkim", "sign", message.toString(), "--domain", "example.org", "--selector", "cli", "--key", key.toString(),
            "--output", output.toString());
        signed = Files.readString(output, StandardCharsets.ISO_8859_1);

        james = JamesHarness.builder().zone(Zone.builder()
            .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
            .longTxt("cli._domainkey.example.org", Dkimpy.record(keys))
            .build()).start();
        james.addUser("bob@gateway.test", "bobpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    /** The built command, run as bin/mailauth runs it. */
    private static void mailauth(String... args) throws Exception {
        String jar = System.getProperty("mailauth.cli.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the mailauth jar is missing (system property mailauth.cli.jar = " + jar
                + "); run the tests through Maven");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void aMessageWithoutMimeFieldsSignedByTheCommandLinePassesInJames() throws Exception {
        assertThat(signed).startsWith("DKIM-Signature: v=1; a=rsa-sha256;").doesNotContain("MIME-Version");

        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mail.example.org").send("alice@example.org", "bob@gateway.test", signed);
        }

        String headers;
        try (TestIMAPClient imap = james.imap("bob@gateway.test", "bobpw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            headers = imap.readFirstMessageHeaders();
        }
        assertThat(headers).as("James added the field on the way").contains("MIME-Version: 1.0");
        assertThat(headers).contains("dkim=pass header.d=example.org").contains("header.s=cli");
    }
}
