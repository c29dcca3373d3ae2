package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

/** What {@code mailauth run} refuses before it starts anything. */
class RunCommandTest {

    @Test
    void aBindBeyondLoopbackNeedsAPasswordOfTheAdminsChoosing() {
        CommandRun run = CommandRun.of("run", "--bind", "0.0.0.0", "--smtp-port", "1", "--imap-port", "2");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).isEqualTo("mailauth: --bind 0.0.0.0 listens beyond loopback: choose the mailbox password with"
            + " --password (the default 'test' is for a loopback --bind only)" + System.lineSeparator());
        assertThat(run.out).isEmpty();
    }

    @Test
    void aBindThatIsNoAddressIsOneLineToo() {
        CommandRun run = CommandRun.of("run", "--bind", "no-such-host.invalid");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).isEqualTo("mailauth: --bind takes an address of this machine, not 'no-such-host.invalid'"
            + System.lineSeparator());
    }

    @Test
    void aWebAdminPortInUseIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CommandRun run = CommandRun.of("run", "--webadmin-port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use; choose another with --webadmin-port");
        }
    }

    @Test
    void aMessageSizeLimitIsANumberWithKOrM() {
        CommandRun run = CommandRun.of("run", "--max-message-size", "lots");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("a size is a number with K or M, e.g. 25M or 512K, not 'lots'");
    }

    @Test
    void theReportIntervalIsAPositiveNumberOfSecondsOrOneWithAUnit() {
        CommandRun run = CommandRun.of("run", "--report-interval", "0");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--report-interval is a positive number of seconds, or one with s, m, h or d (3600, 60s, 10m, 1d), not '0'");
    }

    @Test
    void aNodeNameIsLettersDigitsDotsDashesAndUnderscores() {
        CommandRun run = CommandRun.of("run", "--node", "mx 1");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).isEqualTo("mailauth: --node takes letters, digits, '.', '_' and '-' (at most 64), not 'mx 1'"
            + System.lineSeparator());
    }

    @Test
    void theSharedReportDatabaseIsAJdbcUrlOfPostgresqlOrH2() {
        CommandRun run = CommandRun.of("run", "--database-url", "mysql://db.example/reports");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).isEqualTo("mailauth: --database-url is a jdbc:postgresql: or jdbc:h2: URL, not 'mysql://db.example/reports'"
            + System.lineSeparator());
    }

    @Test
    void aDatabaseUserWithoutADatabaseIsRefused() {
        CommandRun run = CommandRun.of("run", "--database-user", "mailauth");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).isEqualTo("mailauth: --database-user and --database-password go with --database-url" + System.lineSeparator());
    }
}
