package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailauth.it.SigningKeys.ALICE;

import java.time.Duration;

import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * James's leak detection ({@code james.lifecycle.leak.detection.mode}, "simple" by default) logs "Leak detected!" for a
 * message source (MimeMessageInputStreamSource) that was garbage-collected without being disposed of; it notices it
 * lazily, when the next source is made. The pack replaces the message of every mail it signs or stamps (DKIMSign and
 * AuthenticationResults put fields on top, {@code HeaderFields}): these tests relay and deliver mail through the
 * sample, collect the garbage, make one more source, and count the lines. Mail kept in a {@code memory://}
 * repository is James's own leak, shown here without the pack (JAMES-3724).
 */
class LeakDetectionIT {

    private static final int MAILS = 40;
    private static final String LEAK = "Leak detected!";

    @Test
    void relayingSignedMailAndDeliveringStampedMailLeavesNoSourceUndisposed() throws Exception {
        reportEarlierLeaks();
        try (CapturedLog log = CapturedLog.attach()) {
            relayAndDeliverThroughTheSample();
            reportEarlierLeaks();

            assertThat(log.linesWith(LEAK)).isEmpty();
        }
    }

    /**
     * James's MemoryMailRepository stores a copy of each mail and never disposes of it: it is reported once the
     * repository is dropped (James stops), or once a kept mail is taken out of it (a WebAdmin reprocess or delete).
     */
    @Test
    void jamesLeaksTheSourceOfEveryMailItKeepsInAMemoryRepositoryWithoutThePack() throws Exception {
        reportEarlierLeaks();
        try (CapturedLog log = CapturedLog.attach()) {
            keepInAMemoryRepositoryWithoutThePack();
            reportEarlierLeaks();

            assertThat(log.linesWith(LEAK)).hasSize(MAILS);
        }
    }

    /** Alice's signed mail relayed out, and mail from outside delivered with an Authentication-Results field; James stopped. */
    private static void relayAndDeliverThroughTheSample() throws Exception {
        SigningKeys keys = new SigningKeys();
        try (JamesHarness james = keys.harness().start()) {
            james.addUser(ALICE, "alicepw");
            james.addUser("bob@" + JamesHarness.DOMAIN, "bobpw");
            try (SmtpClient smtp = james.smtp()) {
                smtp.ehlo("laptop.example").authPlain(ALICE, "alicepw");
                for (int n = 0; n < MAILS; n++) {
                    smtp.send(ALICE, "dave@remote.example", message(ALICE, "dave@remote.example", n));
                }
            }
            try (SmtpClient smtp = james.smtpFrom("192.0.2.77")) {
                smtp.ehlo("mta.remote.example");
                for (int n = 0; n < MAILS; n++) {
                    smtp.send("dave@remote.example", "bob@" + JamesHarness.DOMAIN, message("dave@remote.example", "bob@" + JamesHarness.DOMAIN, n));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> james.sink().received().size() >= MAILS);
            try (TestIMAPClient imap = james.imap("bob@" + JamesHarness.DOMAIN, "bobpw")) {
                imap.select(TestIMAPClient.INBOX).awaitMessageCount(Awaitility.await().atMost(Duration.ofSeconds(60)), MAILS);
                assertThat(imap.readFirstMessageHeaders()).contains("Authentication-Results: " + JamesHarness.AUTHSERV_ID);
            }
            assertThat(james.sink().received()).allSatisfy(mail -> assertThat(mail.data).startsWith("DKIM-Signature:"));
            reportEarlierLeaks();
        }
    }

    /** James without the pack, keeping a copy of every inbound mail in a memory:// repository; James stopped. */
    private static void keepInAMemoryRepositoryWithoutThePack() throws Exception {
        String kept = LoadIT.sampleWithoutThePack().replace("<mailet match=\"RecipientIsLocal\" class=\"ToProcessor\">",
            "<mailet match=\"All\" class=\"ToRepository\">\n<repositoryPath>memory://var/mail/kept/</repositoryPath>\n"
                + "<passThrough>true</passThrough>\n</mailet>\n<mailet match=\"RecipientIsLocal\" class=\"ToProcessor\">");
        try (JamesHarness james = JamesHarness.builder().withoutPack(kept).start()) {
            james.addUser("bob@" + JamesHarness.DOMAIN, "bobpw");
            try (SmtpClient smtp = james.smtpFrom("192.0.2.77")) {
                smtp.ehlo("mta.remote.example");
                for (int n = 0; n < MAILS; n++) {
                    smtp.send("dave@remote.example", "bob@" + JamesHarness.DOMAIN, message("dave@remote.example", "bob@" + JamesHarness.DOMAIN, n));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> james.mailsIn("memory://var/mail/kept/") >= MAILS);
        }
    }

    private static String message(String from, String to, int n) {
        return "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: leak test " + n + "\r\n"
            + "Date: Sun, 29 Nov 2026 12:00:00 +0000\r\nMessage-ID: <leak-" + n + "." + System.nanoTime() + "@test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nMessage " + n + ".\r\n";
    }

    /**
     * Collects the garbage, then makes (and disposes of) one source, which is when James logs the sources it finds
     * collected without being disposed of.
     */
    private static void reportEarlierLeaks() throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(300);
        }
        MimeMessageInputStreamSource.create("leak-detection-probe").dispose();
    }
}
