package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The report database (a real PostgreSQL) stopped in the middle of an interval and started again (issue 9): mail
 * keeps flowing while it is down, the DMARC results wait in the pack's buffer, and once the database is back they are
 * written and reported, each message counted exactly once.
 */
class ReportDatabaseOutageIT {

    private static final int BEFORE = 5;
    private static final int DURING = 5;
    private static final String BOB = "bob@" + JamesHarness.DOMAIN;

    private static Path data;
    private static int port;
    private static EmbeddedPostgres postgres;
    private static JamesHarness james;
    private static CapturedLog log;

    @BeforeAll
    static void start() throws Exception {
        log = CapturedLog.attach();
        data = Files.createTempDirectory("mailauth-pg-");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection()) {
            admin.createStatement().execute("CREATE DATABASE reports");
        }
        james = JamesHarness.builder()
            .zone(Zone.builder().txt("_dmarc.aligned.example", "v=DMARC1; p=none; rua=mailto:dmarc@aligned.example").build())
            .properties("reports.interval=20s\nreports.poll=1s\nreports.organization=mx.gateway.test\n"
                + "reports.from=dmarc-reports@gateway.test\nreports.database.url=" + postgres.getJdbcUrl("postgres", "reports") + "\n"
                + "reports.database.user=postgres\n")
            .start();
        james.addUser(BOB, "pw");
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            james.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (log != null) {
            log.close();
        }
    }

    private static void send(int i) throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100." + (10 + i % 2))) {
            smtp.ehlo("client.example.net").send("x@aligned.example", BOB, "From: x@aligned.example\r\nTo: " + BOB
                + "\r\nSubject: outage " + i + "\r\n\r\nHi.\r\n");
        }
    }

    private static long inbox() throws Exception {
        try (TestIMAPClient imap = james.imap(BOB, "pw")) {
            return imap.getMessageCount(TestIMAPClient.INBOX);
        }
    }

    @Test
    void resultsCountedWhileTheDatabaseIsDownAreReportedWhenItIsBack() throws Exception {
        for (int i = 0; i < BEFORE; i++) {
            send(i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inbox() == BEFORE);

        postgres.close();
        postgres = null;
        for (int i = BEFORE; i < BEFORE + DURING; i++) {
            send(i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inbox() == BEFORE + DURING);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
            .until(() -> !log.linesWith("report rows could not be written").isEmpty());
        Thread.sleep(25_000);
        assertThat(ReportMails.reportsTo(james.sink(), "dmarc@aligned.example")).as("no report while the store is down").isEmpty();

        postgres = startPostgres();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> ReportMails.total(ReportMails.reportsTo(james.sink(), "dmarc@aligned.example")) >= BEFORE + DURING);
        Thread.sleep(5000);
        List<String> reports = ReportMails.reportsTo(james.sink(), "dmarc@aligned.example");
        String failedWrites = ReportMails.first(String.join("\n", log.linesWith("written again")), "after (\\d+) failed attempts");

        System.out.println("| report database stopped ~30 s mid-interval, then started | " + (BEFORE + DURING) + " | " + inbox()
            + " | 0 | 0 | 0 | " + (BEFORE + DURING - inbox()) + " |  (" + failedWrites + " failed write attempts; "
            + ReportMails.total(reports) + " messages in " + reports.size() + " reports)");
        assertThat(inbox()).isEqualTo(BEFORE + DURING);
        assertThat(failedWrites).as("the end of the outage is logged with its count").isNotEmpty();
        assertThat(log.linesWith("report rows could not be written")).as("an outage is logged once, not every second").hasSizeLessThan(3);
        assertThat(ReportMails.total(reports)).isEqualTo(BEFORE + DURING);
        Map<String, Integer> perInterval = new HashMap<>();
        for (String xml : reports) {
            perInterval.merge(ReportMails.first(xml, "<begin>(\\d+)</begin>"), 1, Integer::sum);
        }
        assertThat(perInterval).allSatisfy((interval, times) -> assertThat(times).as(interval).isEqualTo(1));
    }
}
