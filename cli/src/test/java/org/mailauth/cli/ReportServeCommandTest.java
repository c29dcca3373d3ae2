package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailauth report serve}: what it refuses before it listens, each on one line with exit 2. Serving itself is
 * {@code ReportServeIT} (a separate process, stopped as Ctrl-C stops it).
 */
class ReportServeCommandTest {

    @TempDir
    Path data;

    @Test
    void listeningBeyondLoopbackWithoutAPasswordIsRefused() {
        CommandRun run = CommandRun.of("report", "serve", "--database-url", "jdbc:h2:mem:serve", "--bind", "0.0.0.0", "--port", "0");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).isEqualTo("mailauth: --bind 0.0.0.0 listens beyond loopback: choose a password with --password"
            + " (the dashboard shows every report received)" + System.lineSeparator());
        assertThat(run.out).isEmpty();
    }

    @Test
    void aBindAddressThatIsNoAddressIsRefused() {
        CommandRun run = CommandRun.of("report", "serve", "--database-url", "jdbc:h2:mem:serve", "--bind", "no such host.invalid");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).isEqualTo("mailauth: --bind takes an address of this machine, not 'no such host.invalid'" + System.lineSeparator());
    }

    @Test
    void aPortInUseIsRefusedNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CommandRun run = CommandRun.of("report", "serve", "--database-url", "jdbc:h2:mem:serve", "--port",
                Integer.toString(taken.getLocalPort()));

            assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
            assertThat(run.err).isEqualTo("mailauth: port " + taken.getLocalPort() + " on 127.0.0.1 is in use or not ours;"
                + " choose another with --port" + System.lineSeparator());
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        CommandRun run = CommandRun.of("report", "serve", "--port", "70000");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("--port is a TCP port from 0 to 65535, not 70000").contains("Usage: mailauth report serve");
    }

    @Test
    void anEmptyPasswordIsAUsageError() {
        CommandRun run = CommandRun.of("report", "serve", "--password", "");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("--password is empty");
    }

    @Test
    void aFolderWithoutStoreIsRefusedNamingIt() {
        CommandRun run = CommandRun.of("report", "serve", "--data", data.toString(), "--port", "0");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("mailauth: --data " + data + ": no report store (").doesNotContain("Exception")
            .hasLineCount(1);
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsAUsageError() {
        CommandRun run = CommandRun.of("report", "serve", "--database-url", "mysql://localhost/reports");

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("--database-url is a jdbc:h2: or jdbc:postgresql: URL, not 'mysql://localhost/reports'")
            .contains("Usage: mailauth report serve");
    }
}
