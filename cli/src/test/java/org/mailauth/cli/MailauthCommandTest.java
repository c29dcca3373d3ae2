package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exit statuses and usage errors shared by every command. */
class MailauthCommandTest {

    @Test
    void helpExitsWithZero() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("--dns=HOST[:PORT]").contains("--dns-timeout=MILLIS").contains("--json")
            .contains("--now=EPOCH_SECONDS").contains("dns");
    }

    @Test
    void noCommandIsAUsageError() {
        CommandRun run = CommandRun.of();

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("a command is required");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(CommandRun.of("frobnicate").exitCode).isEqualTo(2);
    }

    @Test
    void aBadDnsServerIsAUsageErrorThatSaysWhatIsWrong() {
        CommandRun run = CommandRun.of("--dns", "127.0.0.1:99999", "dns", "txt", "example.com");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("invalid port in DNS server address '127.0.0.1:99999'");
    }

    @Test
    void aNonPositiveTimeoutIsAUsageError() {
        CommandRun run = CommandRun.of("--dns", "127.0.0.1:53", "--dns-timeout", "0", "dns", "txt", "example.com");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--dns-timeout must be a positive number");
    }

    @Test
    void aMissingNameIsAUsageError() {
        CommandRun run = CommandRun.of("dns", "txt");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Missing required parameter");
    }
}
