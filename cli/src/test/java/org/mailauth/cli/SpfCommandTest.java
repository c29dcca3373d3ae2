package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** {@code mailauth spf} against a loopback DNS server. */
class SpfCommandTest {

    private static LoopbackDnsServer server;

    @BeforeAll
    static void startServer() {
        server = LoopbackDnsServer.start(Zone.builder()
            .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all exp=why.example.org")
            .txt("why.example.org", "%{i} may not send for %{d}")
            .txt("mail.example.org", "v=spf1 a -all")
            .a("mail.example.org", "192.0.2.25")
            .build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static CommandRun mailauth(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--dns";
        all[1] = server.hostAndPort();
        System.arraycopy(args, 0, all, 2, args.length);
        return CommandRun.of(all);
    }

    private static CommandRun withStdin(String input, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return mailauth(args);
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void aFailIsPrintedWithItsExplanationAndReceivedSpf() {
        CommandRun run = mailauth("spf", "--ip", "198.51.100.7", "--mail-from", "alice@example.org", "--helo", "mx.other.example",
            "--receiver", "mx.gateway.test");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("SPF fail for alice@example.org from 198.51.100.7 (identity mailfrom, domain example.org)")
            .contains("explanation: 198.51.100.7 may not send for example.org")
            .contains("Received-SPF: fail (mx.gateway.test: domain of alice@example.org does not designate 198.51.100.7");
    }

    @Test
    void jsonHasTheDocumentedFields() {
        CommandRun run = mailauth("--json", "spf", "--ip", "192.0.2.9", "--mail-from", "alice@example.org", "--helo", "mail.example.org");

        assertThat(run.out.trim()).startsWith("{\"result\":\"pass\",\"identity\":\"mailfrom\",\"sender\":\"alice@example.org\","
            + "\"domain\":\"example.org\",\"ip\":\"192.0.2.9\",\"explanation\":null,\"mechanism\":\"ip4:192.0.2.0/24\","
            + "\"problem\":null,\"lookups\":0,\"void_lookups\":0,\"received_spf\":\"Received-SPF: pass (localhost: ");
    }

    @Test
    void theNullSenderIsCheckedAsPostmasterAtHelo() {
        CommandRun run = mailauth("--json", "spf", "--ip", "192.0.2.25", "--helo", "mail.example.org");

        assertThat(run.out).contains("\"result\":\"pass\"").contains("\"sender\":\"postmaster@mail.example.org\"")
            .contains("\"lookups\":1");
    }

    @Test
    void theHeloIdentityCanBeChecked() {
        CommandRun run = mailauth("--json", "spf", "--identity", "helo", "--ip", "192.0.2.25",
            "--mail-from", "alice@elsewhere.example", "--helo", "mail.example.org");

        assertThat(run.out).contains("\"result\":\"pass\"").contains("\"identity\":\"helo\"");
    }

    @Test
    void batchWritesOneLinePerInputInInputOrderWithTheSameId() {
        String input = "{\"id\": 1, \"ip\": \"192.0.2.1\", \"mail_from\": \"a@example.org\", \"helo\": \"x.example\"}\n"
            + "{\"id\": \"two\", \"ip\": \"198.51.100.1\", \"mail_from\": \"b@example.org\", \"helo\": \"x.example\"}\n"
            + "\n"
            + "{\"id\": 3, \"ip\": \"not-an-ip\"}\n"
            + "this is not json\n"
            + "{\"id\": 5, \"ip\": \"192.0.2.25\", \"mail_from\": \"\", \"helo\": \"mail.example.org\"}\n";

        CommandRun run = withStdin(input, "spf", "--batch");

        String[] lines = run.out.split(System.lineSeparator());
        assertThat(run.exitCode).isZero();
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("{\"id\":1,\"result\":\"pass\"");
        assertThat(lines[1]).startsWith("{\"id\":\"two\",\"result\":\"fail\"");
        assertThat(lines[2]).isEqualTo("{\"id\":3,\"error\":\"not an IP address: not-an-ip\"}");
        assertThat(lines[3]).startsWith("{\"id\":null,\"error\":\"not JSON at character 1");
        assertThat(lines[4]).startsWith("{\"id\":5,\"result\":\"pass\"");
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        assertThat(mailauth("spf", "--mail-from", "a@example.org").err).contains("--ip is required");
        CommandRun badIp = mailauth("spf", "--ip", "300.1.1.1", "--mail-from", "a@example.org", "--helo", "x.example");
        assertThat(badIp.exitCode).isEqualTo(2);
        assertThat(badIp.err).contains("not an IP address: 300.1.1.1");
        assertThat(mailauth("spf", "--ip", "192.0.2.1", "--identity", "pra").err).contains("--identity must be mailfrom or helo");
    }
}
