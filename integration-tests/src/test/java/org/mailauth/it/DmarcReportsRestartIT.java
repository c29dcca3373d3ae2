package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;


import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * James restarted in the middle of a report interval (RFC 9990 §2.1): the counts taken before the restart are in the
 * report, nothing is counted twice, and each interval's report is sent once.
 */
class DmarcReportsRestartIT {

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder()
            .zone(Zone.builder().txt("_dmarc.aligned.example", "v=DMARC1; p=none; rua=mailto:dmarc@aligned.example").build())
            .properties("reports.interval=30s\nreports.poll=1s\nreports.organization=mx.gateway.test\n"
                + "reports.from=dmarc-reports@gateway.test\n")
            .start();
        james.addUser("bob@" + JamesHarness.DOMAIN, "pw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    private static void send(int n) throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.3")) {
            smtp.ehlo("client.example.net").send("x@aligned.example", "bob@" + JamesHarness.DOMAIN, "From: x@aligned.example\r\n"
                + "To: postmaster@" + JamesHarness.DOMAIN + "\r\nSubject: " + n + "\r\n\r\nHi.\r\n");
        }
    }

    @Test
    void countsTakenBeforeARestartAreReportedOnceWithTheRest() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(i);
        }
        Thread.sleep(2000);
        james.restart();
        james.addUser("bob@" + JamesHarness.DOMAIN, "pw");
        for (int i = 3; i < 5; i++) {
            send(i);
        }

        List<String> reports = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(DmarcReportsRestartIT::reports, xmls -> ReportMails.total(xmls) >= 5);
        Thread.sleep(3000);
        reports = reports();

        assertThat(ReportMails.total(reports)).isEqualTo(5);
        List<String> intervals = reports.stream().map(xml -> ReportMails.first(xml, "<begin>(\\d+)</begin>")).collect(Collectors.toList());
        assertThat(intervals).doesNotHaveDuplicates();
    }

    private static List<String> reports() {
        return james.sink().received().stream().filter(mail -> mail.recipients.contains("dmarc@aligned.example"))
            .map(mail -> ReportMails.xml(mail.data)).collect(Collectors.toList());
    }



}
