package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * Issue 14: mail kept by DMARC {@code p=reject} was hard to find and release. Against a real {@code mailauth run}:
 * a spoof of a p=reject domain lands in var/mail/dmarc-reject, {@code kept list} finds it, {@code kept show} prints it
 * with the verdict, and {@code kept release} sends it on to the mailbox; an unknown key is one line and exit 2.
 */
class KeptMailIT {

    @TempDir
    Path data;

    @Test
    void aRejectedSpoofIsListedShownAndReleasedToTheInbox() throws Exception {
        Zone zone = Zone.builder()
            .txt("evil.example", "v=spf1 -all")
            .txt("_dmarc.evil.example", "v=DMARC1; p=reject")
            .build();
        int smtpPort = RunProcess.freePort();
        int imapPort = RunProcess.freePort();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(zone);
             RunProcess run = new RunProcess(data, smtpPort, imapPort, "--dns", dns.hostAndPort(), "--reports", "off",
                 "--smtp-reject", "off")) {
            run.awaitReady(Duration.ofMinutes(3));
            RunCommandIT.sendMail(smtpPort, "ceo@evil.example", "test@run.test", "pay now");

            CommandRun list = awaitListed();
            String key = list.out.substring(0, list.out.indexOf(' '));
            CommandRun show = CommandRun.of("kept", "show", key, "--data", data.toString());
            CommandRun release = CommandRun.of("kept", "release", key, "--data", data.toString());
            String inbox = RunCommandIT.awaitFirstMessageHeaders(imapPort, "test@run.test", "test");
            CommandRun after = CommandRun.of("kept", "list", "--data", data.toString());
            CommandRun unknown = CommandRun.of("kept", "show", "Mail0-none", "--data", data.toString());

            assertThat(list.out).containsPattern("(?m)^Mail\\S+  ceo@evil\\.example -> test@run\\.test  \\S+$")
                .endsWith("1 mail kept in var/mail/dmarc-reject\n");
            assertThat(show.exitCode).as(show.err).isZero();
            assertThat(show.out).contains("sender      ceo@evil.example").contains("Subject: pay now")
                .contains("dmarc=fail reason=\"p=reject\" header.from=evil.example");
            assertThat(release.exitCode).as(release.err).isZero();
            assertThat(release.out).isEqualTo("released " + key + " from var/mail/dmarc-reject to the local-delivery processor\n");
            assertThat(inbox).contains("Subject: pay now");
            assertThat(after.out).isEqualTo("no mail kept in var/mail/dmarc-reject\n");
            assertThat(unknown.exitCode).isEqualTo(2);
            assertThat(unknown.err).isEqualTo("mailauth: no mail Mail0-none in var/mail/dmarc-reject\n");
            assertThat(run.stop()).isTrue();
        }
    }

    @Test
    void aFolderWithoutRunIsOneLineAndExitTwo() {
        CommandRun list = CommandRun.of("kept", "list", "--data", data.toString());

        assertThat(list.exitCode).isEqualTo(2);
        assertThat(list.err).startsWith("mailauth: no 'mailauth run' folder at " + data).doesNotContain("Exception");
    }

    private CommandRun awaitListed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            CommandRun list = CommandRun.of("kept", "list", "--data", data.toString());
            if (list.exitCode == 0 && list.out.startsWith("Mail")) {
                return list;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing kept in time: " + list.out + list.err);
            }
            Thread.sleep(500);
        }
    }
}
