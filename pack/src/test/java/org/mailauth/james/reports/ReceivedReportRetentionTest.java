package org.mailauth.james.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.report.jdbc.JdbcReceivedReportStore;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReceivedRecord;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReportFormat;
import org.mailauth.report.received.Submission;

/** reports.received.retention: what arrived longer ago is deleted by the daily purge; a store out of reach is no error. */
class ReceivedReportRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path folder;

    private static ReceivedReport report(String id) {
        return new ReceivedReport(ReportFormat.RFC7489, "google.com", "noreply-dmarc-support@google.com", id, NOW.minus(Duration.ofDays(1)),
            NOW, new ReceivedReport.Policy("example.com", "none", Optional.empty(), Optional.empty(), "r", "r", OptionalInt.empty(), false),
            List.of(new ReceivedRecord("192.0.2.1", 3, "none", "pass", "pass", List.of(), "example.com", Optional.empty(), Optional.empty(),
                List.of(), List.of())), List.of());
    }

    private static Submission arrived(Duration ago) {
        return new Submission(NOW.minus(ago), Optional.empty(), Submission.Authenticity.UNKNOWN);
    }

    @Test
    void reportsThatArrivedBeforeTheRetentionAreDeletedAndTheOthersKept() throws Exception {
        JdbcReceivedReportStore store = new JdbcReceivedReportStore(new ReportStoreConnections(EmbeddedReportDatabase.url(folder), "", ""));
        store.migrate();
        store.add(report("401-days"), arrived(Duration.ofDays(401)));
        store.add(report("399-days"), arrived(Duration.ofDays(399)));

        new ReceivedReportRetention(store, Duration.ofDays(400), Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(store.summary(Optional.empty(), Instant.EPOCH, 10).domains()).flatExtracting(DmarcSummary.Domain::reportList)
            .extracting(DmarcSummary.Report::reportId).containsExactly("399-days");
    }

    @Test
    void aStoreOutOfReachIsTriedAgainTomorrowNotAnError() {
        JdbcReceivedReportStore unreachable = new JdbcReceivedReportStore(
            new ReportStoreConnections("jdbc:h2:file:" + folder.resolve("missing/db") + ";IFEXISTS=TRUE", "", ""));

        new ReceivedReportRetention(unreachable, Duration.ofDays(400), Clock.fixed(NOW, ZoneOffset.UTC)).run();
    }
}
