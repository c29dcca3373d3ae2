package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.keys.KeyGenerator;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** {@code mailauth check}: SPF, DKIM and DMARC together against a loopback DNS server. */
class CheckCommandTest {

    private static final String MESSAGE = "From: Shop <orders@shop.example>\r\nTo: bob@example.com\r\nSubject: order\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n\r\nThanks.\r\n";
    private static LoopbackDnsServer server;
    private static SigningKey key;
    private static String signed;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() throws Exception {
        key = new KeyGenerator(new SecureRandom()).ed25519("shop.example", "ed");
        signed = new DkimSigner(key, SigningSettings.defaults())
            .sign(new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII))) + "\r\n" + MESSAGE;
        server = LoopbackDnsServer.start(Zone.builder()
            .txt("ed._domainkey.shop.example", key.publicKeyRecord())
            .txt("shop.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.shop.example", "v=DMARC1; p=reject; rua=mailto:dmarc@shop.example")
            .build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private Path file(String content) throws Exception {
        Path file = directory.resolve("message-" + content.hashCode() + ".eml");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    @Test
    void aDkimAlignedMessageFromAForwarderPassesDmarcThoughSpfFails() throws Exception {
        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "check", file(signed).toString(), "--ip", "198.51.100.1",
            "--mail-from", "orders@shop.example", "--helo", "forwarder.example.net", "--receiver", "mx.example.com");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("SPF   fail").contains("DKIM  pass").contains("DMARC pass for shop.example")
            .contains("Authentication-Results: mx.example.com;").contains("dmarc=pass header.from=shop.example policy.dmarc=none");
    }

    @Test
    void jsonGivesTheThreeResultsAndTheField() throws Exception {
        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "--json", "check", file(MESSAGE).toString(), "--ip", "198.51.100.1",
            "--mail-from", "orders@shop.example", "--helo", "spoofer.example");

        assertThat(run.out).contains("\"dmarc\":{\"result\":\"fail\",\"author_domain\":\"shop.example\",\"policy_domain\":\"shop.example\","
            + "\"organizational_domain\":\"shop.example\",\"policy\":\"reject\",\"disposition\":\"reject\",\"spf_aligned\":false,"
            + "\"dkim_aligned\":false,\"reasons\":[]")
            .contains("\"spf\":{\"result\":\"fail\"").contains("\"dkim\":{\"result\":\"none\"")
            .contains("\"arc\":{\"result\":\"none\",\"instances\":0,\"oldest_pass\":null,\"reason\":null}")
            .contains("\"authentication_results\":\"Authentication-Results: localhost; spf=fail");
    }

    @Test
    void batchAnswersEveryLineWithItsId() throws Exception {
        String lines = "{\"id\":1,\"file\":\"" + file(signed) + "\",\"ip\":\"192.0.2.7\",\"mail_from\":\"orders@shop.example\",\"helo\":\"m\"}\n"
            + "{\"id\":\"two\",\"file\":\"/no/such.eml\",\"ip\":\"192.0.2.7\",\"mail_from\":\"a@shop.example\"}\n";
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "check", "--batch");
            String[] out = run.out.split(System.lineSeparator());

            assertThat(out[0]).startsWith("{\"id\":1,").contains("\"dmarc\":{\"result\":\"pass\"").contains("\"spf_aligned\":true");
            assertThat(out[1]).startsWith("{\"id\":\"two\",\"error\":\"cannot read \\\"file\\\" /no/such.eml");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void batchWritesItsLinesInInputOrderThoughLaterLinesFinishFirst() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int id = 1; id <= 200; id++) {
            String file = id % 2 == 1 ? file(signed).toString() : "/no/such-" + id + ".eml";
            lines.append("{\"id\":").append(id).append(",\"file\":\"").append(file)
                .append("\",\"ip\":\"192.0.2.7\",\"mail_from\":\"orders@shop.example\",\"helo\":\"m\"}\n");
        }
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
        try {
            CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "check", "--batch");
            String[] out = run.out.split(System.lineSeparator());

            assertThat(out).hasSize(200);
            for (int id = 1; id <= 200; id++) {
                assertThat(out[id - 1]).startsWith("{\"id\":" + id + ",")
                    .contains(id % 2 == 1 ? "\"dmarc\":{\"result\":\"pass\"" : "\"error\":\"cannot read");
            }
        } finally {
            System.setIn(original);
        }
    }

    /**
     * RFC 5322 §2.2.3: a line that begins with WSP continues the field before it. A header field name 61 characters long
     * makes the signer fold the DKIM-Signature's h= list so that a line begins with "from:" (FWS may surround its colons,
     * RFC 6376 §3.5); that line is part of the DKIM-Signature, not a From field.
     */
    @Test
    void aFoldedLineOfTheDkimSignatureIsNotAFromField() throws Exception {
        String longName = "X-" + "a".repeat(61);
        String message = MESSAGE.replace("\r\n\r\n", "\r\n" + longName + ": 1\r\n\r\n");
        SigningSettings settings = SigningSettings.builder().headers(List.of(longName, "From", "To", "Subject"))
            .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC)).build();
        String folded = new DkimSigner(key, settings).sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)))
            + "\r\n" + message;
        assertThat(folded).as("the signature has a line beginning with from:").contains("\r\n\tfrom:to:");

        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "check", file(folded).toString(), "--ip", "198.51.100.1",
            "--mail-from", "orders@shop.example", "--helo", "forwarder.example.net");

        assertThat(run.out).as(run.err).contains("DKIM  pass").contains("DMARC pass for shop.example");
    }

    /** The same rule keeps a From field from hiding behind a folded line: the policy of the real From applies. */
    @Test
    void aContinuationLineThatLooksLikeAFromFieldCannotEscapeThePolicy() throws Exception {
        String message = "X-Note: x\r\n from : y\r\n" + MESSAGE;

        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "check", file(message).toString(), "--ip", "198.51.100.1",
            "--mail-from", "orders@shop.example", "--helo", "spoofer.example");

        assertThat(run.out).as(run.err).contains("DMARC fail for shop.example, p=reject").contains("disposition reject");
    }

    @Test
    void rfc7489ModeIsAvailable() throws Exception {
        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "check", file(MESSAGE).toString(), "--ip", "192.0.2.1",
            "--mail-from", "orders@shop.example", "--mode", "rfc7489");

        assertThat(run.out).contains("DMARC pass for shop.example");
    }

    @Test
    void aMissingIpIsAUsageError() throws Exception {
        CommandRun run = CommandRun.of("check", file(MESSAGE).toString(), "--mail-from", "a@shop.example");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--ip is required");
    }
}
