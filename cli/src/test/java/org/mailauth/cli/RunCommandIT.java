package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mailauth run} as a newcomer uses it: start, send a message, read it over IMAP, Ctrl-C, start again. */
class RunCommandIT {

    @TempDir
    Path work;

    @Test
    void startsJamesDeliversToTheInboxStopsCleanlyAndStartsAgain() throws Exception {
        Path data = work.resolve("data");
        int smtpPort = RunProcess.freePort();
        int imapPort = RunProcess.freePort();

        try (RunProcess run = new RunProcess(data, smtpPort, imapPort)) {
            String output = run.awaitReady(Duration.ofMinutes(3));
            assertThat(output).contains("READY smtp=" + smtpPort + " imap=" + imapPort)
                .contains("mailbox test@run.test")
                .contains("mailauth-rsa._domainkey\tIN\tTXT\t( \"v=DKIM1; k=rsa; p=")
                .contains("mailauth-ed25519._domainkey\tIN\tTXT\t( \"v=DKIM1; k=ed25519; p=");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                data.resolve("james/dkim-keys/run.test.mailauth-rsa.private")))).isEqualTo("rw-------");
            assertThat(data.resolve("james/extensions-jars")).isDirectoryContaining("glob:**/mailauth-james-pack-*.jar");

            sendMail(smtpPort, "test@run.test");
            String headers = awaitFirstMessageHeaders(imapPort, "test@run.test", "test");
            assertThat(headers).contains("Subject: run test").contains("Authentication-Results: mx.run.test;");

            assertThat(run.stop()).as("stopped within a minute").isTrue();
        }
        assertThat(accepts(smtpPort)).as("James stopped with it").isFalse();

        try (RunProcess again = new RunProcess(data, smtpPort, imapPort)) {
            assertThat(again.awaitReady(Duration.ofMinutes(3))).contains("READY smtp=" + smtpPort);
            assertThat(again.stop()).isTrue();
        }
    }

    private static void sendMail(int port, String recipient) throws IOException {
        sendMail(port, "alice@example.org", recipient, "run test");
    }

    /** One message over SMTP on 127.0.0.1, without authentication. */
    static void sendMail(int port, String sender, String recipient, String subject) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = socket.getOutputStream()) {
            expect(in, "220");
            for (String[] step : new String[][] {{"EHLO client.example.org", "250"}, {"MAIL FROM:<" + sender + ">", "250"},
                {"RCPT TO:<" + recipient + ">", "250"}, {"DATA", "354"},
                {"From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: " + subject + "\r\n\r\nHello.\r\n.", "250"},
                {"QUIT", "221"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect(in, step[1]);
            }
        }
    }

    static String awaitFirstMessageHeaders(int port, String user, String password) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port);
                 BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                 OutputStream out = socket.getOutputStream()) {
                in.readLine();
                imap(out, in, "a LOGIN " + user + " " + password);
                String select = imap(out, in, "b SELECT INBOX");
                if (!select.contains("* 0 EXISTS")) {
                    return imap(out, in, "c FETCH 1 (BODY.PEEK[HEADER])");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message in the INBOX of " + user);
            }
            Thread.sleep(500);
        }
    }

    private static String imap(OutputStream out, BufferedReader in, String command) throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder response = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            response.append(line).append('\n');
            if (line.startsWith(tag + " ")) {
                assertThat(line).as(command).startsWith(tag + " OK");
                return response.toString();
            }
        }
        throw new IOException("connection closed during " + command);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        assertThat(line).startsWith(code);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
