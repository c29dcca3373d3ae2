package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;
import org.mailauth.testkit.smtp.SmtpSink;

/**
 * Reject means reject (RFC 9989 §5.3, §10.3): with the pack's hook in smtpserver.xml, as {@code mailauth run} has it, a
 * real James 3.8.1 refuses a spoof of a {@code p=reject} domain at the end of DATA with {@code 550 5.7.1}, keeps nothing,
 * and counts it once, with disposition reject, in the aggregate report; everything else is accepted and routed by the
 * mailet container as before, without being authenticated again.
 */
class SmtpRefusalIT {

    private static final String REJECTED = "memory://var/mail/dmarc-reject/";
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder()
            .zone(Zone.builder().ttl(0)
                .txt("aligned.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.aligned.example", "v=DMARC1; p=reject; rua=mailto:dmarc@aligned.example")
                .txt("quarantine.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
                .txt("testing.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.testing.example", "v=DMARC1; p=reject; t=y")
                .fault("_dmarc.slow.example", Zone.Fault.SILENT)
                .build())
            .authenticationHook("")
            .properties("reports.interval=20s\nreports.poll=1s\nreports.organization=mx.gateway.test\n"
                + "reports.from=dmarc-reports@gateway.test\n")
            .start();
        for (String user : new String[] {"spoofed", "aligned", "quarantine", "testing", "slow", "submitter"}) {
            james.addUser(user + "@" + JamesHarness.DOMAIN, "pw");
        }
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    private static String message(String from, String user) {
        return "From: " + from + "\r\nTo: " + user + "@" + JamesHarness.DOMAIN + "\r\nSubject: smtp " + user
            + "\r\nMessage-ID: <" + user + "." + System.nanoTime() + "@refusal.test>\r\n\r\nHello.\r\n";
    }

    /** The reply to the end of DATA. */
    private static String send(String clientIp, String from, String user) throws Exception {
        try (SmtpClient smtp = james.smtpFrom(clientIp)) {
            smtp.ehlo("client.example.net").mailFrom(from).rcptTo(user + "@" + JamesHarness.DOMAIN);
            smtp.reply("DATA");
            String body = message(from, user) + ".";
            return smtp.reply(body);
        }
    }

    private static String headersIn(String user, String mailbox) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            imap.select(mailbox).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(60)));
            return imap.readFirstMessageHeaders().replaceAll("\r\n[ \t]+", " ");
        }
    }

    private static long count(String user, String mailbox) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            return imap.getMessageCount(mailbox);
        }
    }

    @Test
    void aSpoofOfARejectDomainIsRefusedAtTheEndOfDataKeptNowhereAndReportedOnceAsRejected() throws Exception {
        String reply = send("198.51.100.3", "ceo@aligned.example", "spoofed");

        assertThat(reply).startsWith("550 5.7.1 Message refused: the DMARC policy of aligned.example says reject (RFC 9989)");
        Thread.sleep(2000);
        assertThat(count("spoofed", TestIMAPClient.INBOX)).isZero();
        assertThat(james.mailsIn(REJECTED)).isZero();
        String report = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> reportXml("198.51.100.3"), xml -> !xml.isEmpty());
        assertThat(report).contains("<count>1</count>").contains("<disposition>reject</disposition>");
    }

    @Test
    void anAlignedMessageIsAcceptedDeliveredAndNotAuthenticatedAgain() throws Exception {
        james.dns().resetCounters();

        assertThat(send("192.0.2.10", "news@aligned.example", "aligned")).startsWith("250");

        assertThat(headersIn("aligned", TestIMAPClient.INBOX)).contains("dmarc=pass header.from=aligned.example");
        assertThat(james.dns().queries("_dmarc.aligned.example", "TXT")).as("one DMARC evaluation, with TTL 0 records").isEqualTo(1);
        assertThat(james.dns().queries("aligned.example", "TXT")).as("one SPF evaluation").isEqualTo(1);
    }

    @Test
    void aSpoofOfAQuarantineDomainAndATestingRejectAreAcceptedIntoSpam() throws Exception {
        assertThat(send("198.51.100.4", "ceo@quarantine.example", "quarantine")).startsWith("250");
        assertThat(send("198.51.100.5", "ceo@testing.example", "testing")).startsWith("250");

        assertThat(headersIn("quarantine", "Spam")).contains("dmarc=fail");
        assertThat(headersIn("testing", "Spam")).contains("dmarc=fail");
    }

    @Test
    void aDnsTimeoutIsAcceptedByDefault() throws Exception {
        assertThat(send("198.51.100.6", "ceo@slow.example", "slow")).startsWith("250");

        assertThat(headersIn("slow", TestIMAPClient.INBOX)).contains("dmarc=temperror");
    }

    @Test
    void anAuthenticatedSubmissionIsNeverRefusedWhateverItsFrom() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("laptop.example").authPlain("submitter@" + JamesHarness.DOMAIN, "pw")
                .send("submitter@" + JamesHarness.DOMAIN, "someone@remote.example", message("CEO <ceo@aligned.example>", "submitter"));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.sink().received().stream()
            .anyMatch(mail -> mail.recipients.contains("someone@remote.example")));
    }

    /** The XML of the aggregate report about aligned.example that counts {@code sourceIp}; "" until it arrives. */
    private static String reportXml(String sourceIp) {
        for (SmtpSink.Received mail : List.copyOf(james.sink().received())) {
            if (mail.recipients.contains("dmarc@aligned.example")) {
                String xml = ReportMails.xml(mail.data);
                Matcher record = Pattern.compile("<record>.*?<source_ip>" + Pattern.quote(sourceIp) + "</source_ip>.*?</record>",
                    Pattern.DOTALL).matcher(xml);
                if (record.find()) {
                    return record.group();
                }
            }
        }
        return "";
    }
}
