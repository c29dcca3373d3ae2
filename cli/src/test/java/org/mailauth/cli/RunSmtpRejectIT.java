package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** Issue 16 in {@code mailauth run}: a spoof of a p=reject domain is refused at the end of DATA, and nothing is kept. */
class RunSmtpRejectIT {

    @TempDir
    Path data;

    @Test
    void aSpoofOfARejectDomainGets550AtTheEndOfDataAndNothingIsKept() throws Exception {
        Zone zone = Zone.builder().txt("evil.example", "v=spf1 -all").txt("_dmarc.evil.example", "v=DMARC1; p=reject").build();
        int smtpPort = RunProcess.freePort();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(zone);
             RunProcess run = new RunProcess(data, smtpPort, RunProcess.freePort(), "--dns", dns.hostAndPort(), "--reports", "off")) {
            run.awaitReady(Duration.ofMinutes(3));

            String reply = dataReply(smtpPort, "ceo@evil.example", "test@run.test");
            CommandRun kept = CommandRun.of("kept", "list", "--data", data.toString());

            assertThat(reply).startsWith("550 5.7.1 Message refused: the DMARC policy of evil.example says reject (RFC 9989)");
            assertThat(kept.out).isEqualTo("no mail kept in var/mail/dmarc-reject\n");
            assertThat(run.stop()).isTrue();
        }
    }

    /** The server's reply to the end of DATA of one message from {@code sender}. */
    private static String dataReply(int port, String sender, String recipient) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = socket.getOutputStream()) {
            String reply = reply(in);
            for (String line : new String[] {"EHLO client.example.org", "MAIL FROM:<" + sender + ">", "RCPT TO:<" + recipient + ">", "DATA",
                "From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: pay now\r\n\r\nHello.\r\n."}) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply = reply(in);
            }
            return reply;
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
