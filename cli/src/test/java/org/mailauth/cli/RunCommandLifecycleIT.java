package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code mailauth run} per {@code --data} folder, and James lives no longer than its launcher: a second run on
 * the folder is refused before it touches anything (exit 2, one line), and when the launcher is killed outright
 * ({@code kill -9}, no shutdown hook runs) James stops and frees its ports, and the folder can be used again.
 */
class RunCommandLifecycleIT {

    private static final Duration LAUNCHER_GONE_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    @Test
    void aSecondRunOnTheFolderIsRefusedAndKillingTheLauncherStopsJames() throws Exception {
        int smtpPort = RunProcess.freePort();
        int imapPort = RunProcess.freePort();
        try (RunProcess first = new RunProcess(data, smtpPort, imapPort)) {
            first.awaitReady(Duration.ofMinutes(3));
            ProcessHandle james = first.process.toHandle().children().findFirst().orElseThrow();
            byte[] configuration = Files.readAllBytes(data.resolve("james/conf/smtpserver.xml"));
            byte[] token = Files.readAllBytes(data.resolve("james/webadmin.token"));

            String refused;
            try (RunProcess second = new RunProcess(data, RunProcess.freePort(), RunProcess.freePort())) {
                refused = second.awaitEnd(Duration.ofSeconds(60));
                assertThat(second.process.exitValue()).isEqualTo(2);
            }
            assertThat(refused).isEqualTo("mailauth: " + data.resolve("james").toAbsolutePath() + " is in use by another 'mailauth run'"
                + " (process " + first.process.pid() + "): stop it first, or give this one another --data");
            assertThat(Files.readAllBytes(data.resolve("james/conf/smtpserver.xml"))).isEqualTo(configuration);
            assertThat(Files.readAllBytes(data.resolve("james/webadmin.token"))).isEqualTo(token);

            first.process.destroyForcibly();

            assertThat(james.onExit().get(LAUNCHER_GONE_LIMIT.toSeconds(), TimeUnit.SECONDS).isAlive())
                .as("James ended with its launcher").isFalse();
            assertThat(accepts(smtpPort)).as("its SMTP port is closed").isFalse();
            assertThat(accepts(imapPort)).as("its IMAP port is closed").isFalse();
        }

        try (RunProcess again = new RunProcess(data, smtpPort, imapPort)) {
            assertThat(again.awaitReady(Duration.ofMinutes(3))).contains("READY smtp=" + smtpPort);
            assertThat(again.stop()).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
