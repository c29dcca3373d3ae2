package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real James 3.8.1 whose report store is a real PostgreSQL (docs/architecture.md, Reports: what a cluster configures): the
 * pack's bundled driver works from James's extension class loader, the mail is counted there, and each interval's
 * report reaches the SMTP sink once. (Several nodes on one store are tested in core, AggregateReportSenderTest:
 * several James servers in one JVM collide on James's own JMX names.)
 */
class DmarcReportsPostgresIT {

    private static EmbeddedPostgres postgres;
    private static final List<JamesHarness> NODES = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection()) {
            admin.createStatement().execute("CREATE DATABASE reports");
        }
        String url = postgres.getJdbcUrl("postgres", "reports");
        for (int node = 0; node < 1; node++) {
            JamesHarness james = JamesHarness.builder()
                .zone(Zone.builder().txt("_dmarc.aligned.example", "v=DMARC1; p=none; rua=mailto:dmarc@aligned.example").build())
                .properties("reports.interval=20s\nreports.poll=1s\nreports.organization=mx.gateway.test\n"
                    + "reports.from=dmarc-reports@gateway.test\nreports.database.url=" + url + "\n"
                    + "reports.database.user=postgres\n")
                .start();
            james.addUser("bob@" + JamesHarness.DOMAIN, "pw");
            NODES.add(james);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (JamesHarness james : NODES) {
            james.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theReportComesFromThePostgresqlStoreWithEveryCount() throws Exception {
        for (int node = 0; node < NODES.size(); node++) {
            for (int i = 0; i < 6; i++) {
                try (SmtpClient smtp = NODES.get(node).smtpFrom("198.51.100." + (10 + i % 3))) {
                    smtp.ehlo("client.example.net").send("x@aligned.example", "bob@" + JamesHarness.DOMAIN, "From: x@aligned.example\r\n"
                        + "To: bob@" + JamesHarness.DOMAIN + "\r\nSubject: " + node + "-" + i + "\r\n\r\nHi.\r\n");
                }
            }
        }

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> ReportMails.total(reports()) >= 6);
        Thread.sleep(5000);
        List<String> reports = reports();

        assertThat(ReportMails.total(reports)).isEqualTo(6);
        Map<String, Integer> perInterval = new HashMap<>();
        for (String xml : reports) {
            perInterval.merge(ReportMails.first(xml, "<begin>(\\d+)</begin>"), 1, Integer::sum);
        }
        assertThat(perInterval).allSatisfy((interval, times) -> assertThat(times).as(interval).isEqualTo(1));
        String all = String.join("", reports);
        assertThat(all).contains("<source_ip>198.51.100.10</source_ip>").contains("<source_ip>198.51.100.11</source_ip>")
            .contains("<source_ip>198.51.100.12</source_ip>");
    }

    private static List<String> reports() {
        List<String> reports = new ArrayList<>();
        for (JamesHarness james : NODES) {
            james.sink().received().stream().filter(mail -> mail.recipients.contains("dmarc@aligned.example"))
                .forEach(mail -> reports.add(ReportMails.xml(mail.data)));
        }
        return reports;
    }



}
