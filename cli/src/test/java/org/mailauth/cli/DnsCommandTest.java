package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** {@code mailauth dns ...} against a loopback DNS server. */
class DnsCommandTest {

    private static LoopbackDnsServer server;

    @BeforeAll
    static void startServer() {
        server = LoopbackDnsServer.start(Zone.builder()
            .ttl(300)
            .txt("example.com", "v=spf1 ", "-all")
            .a("mail.example.com", "192.0.2.25")
            .aaaa("mail.example.com", "2001:db8::25")
            .mx("example.com", 10, "mail.example.com")
            .ptr("192.0.2.25", "mail.example.com")
            .fault("broken.example", Zone.Fault.SERVFAIL)
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

    @Test
    void txtRecordsAreJoinedAndPrintedAsJson() {
        CommandRun run = mailauth("--json", "dns", "txt", "example.com");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).isEqualTo("{\"name\":\"example.com\",\"type\":\"TXT\",\"answer\":\"records\",\"ttl\":300,"
            + "\"authentic\":false,\"records\":[\"v=spf1 -all\"]}" + System.lineSeparator());
    }

    @Test
    void eachNameGivesOneJsonLine() {
        CommandRun run = mailauth("dns", "txt", "--json", "example.com", "missing.example.com", "mail.example.com");

        assertThat(run.out.split(System.lineSeparator())).containsExactly(
            "{\"name\":\"example.com\",\"type\":\"TXT\",\"answer\":\"records\",\"ttl\":300,\"authentic\":false,\"records\":[\"v=spf1 -all\"]}",
            "{\"name\":\"missing.example.com\",\"type\":\"TXT\",\"answer\":\"nxdomain\",\"ttl\":300}",
            "{\"name\":\"mail.example.com\",\"type\":\"TXT\",\"answer\":\"nodata\",\"ttl\":300}");
    }

    @Test
    void aTemporaryFailureIsAnAnswerNotAnError() {
        CommandRun run = mailauth("--json", "dns", "txt", "broken.example");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).startsWith("{\"name\":\"broken.example\",\"type\":\"TXT\",\"answer\":\"temporary_failure\","
            + "\"reason\":\"SERVFAIL (" + server.hostAndPort() + ")\"}");
    }

    @Test
    void textOutputSaysWhatKindOfAnswerCame() {
        assertThat(mailauth("dns", "txt", "example.com").out)
            .contains("example.com TXT: 1 record, ttl 300 s").contains("  v=spf1 -all");
        assertThat(mailauth("dns", "txt", "missing.example.com").out).contains("NXDOMAIN");
        assertThat(mailauth("dns", "mx", "mail.example.com").out).contains("NODATA");
    }

    @Test
    void addressExchangerAndPointerLookups() {
        assertThat(mailauth("dns", "a", "mail.example.com").out).contains("  192.0.2.25");
        assertThat(mailauth("dns", "aaaa", "mail.example.com").out).contains("  2001:db8:0:0:0:0:0:25");
        assertThat(mailauth("--json", "dns", "mx", "example.com").out)
            .contains("\"records\":[{\"preference\":10,\"exchange\":\"mail.example.com\"}]");
        assertThat(mailauth("dns", "ptr", "192.0.2.25").out).contains("  mail.example.com");
    }

    @Test
    void ptrRefusesWhatIsNotAnIpAddress() {
        CommandRun run = mailauth("dns", "ptr", "mail.example.com");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("not an IP address: mail.example.com");
    }

    @Test
    void aNameTheResolverCannotAskForIsAUsageErrorNotNxdomain() {
        CommandRun run = mailauth("dns", "txt", "bad name..x");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).startsWith("not a valid domain name: 'bad name..x'").contains("Usage: mailauth dns txt");
        assertThat(run.out).isEmpty();
    }
}
