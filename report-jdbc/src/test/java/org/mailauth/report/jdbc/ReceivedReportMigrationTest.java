package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.received.ReceivedReportStore.Stored;
import org.mailauth.report.received.Submission;

/**
 * A store made by the code of schema version 2 (the reports we send, and nothing of received reports) becomes version
 * 3 at the next start, on H2 and on PostgreSQL, and keeps every row it held.
 */
class ReceivedReportMigrationTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");
    private static ReportDatabases databases;

    @BeforeAll
    static void startDatabases() throws Exception {
        databases = ReportDatabases.start();
    }

    @AfterAll
    static void stopDatabases() throws Exception {
        databases.close();
    }

    static List<String> kinds() {
        return ReportDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aVersion2StoreMigratesToVersion3AndKeepsItsRows(String kind) throws Exception {
        JdbcReportStore.Connections connections = databases.fresh(kind);
        JdbcReportStore version2 = new JdbcReportStore(connections);
        version2.migrate(2);
        PublishedPolicy policy = new PublishedPolicy("example.com", "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.empty(), false);
        AggregateRow row = new AggregateRow("192.0.2.1", "example.com", Optional.empty(), Optional.empty(), "none", true, true, List.of(),
            List.of(), Optional.of("example.com"), Optional.of("pass"));
        version2.add(Map.of(new Observation(ReportInterval.containing(DAY, Duration.ofDays(1)), policy, List.of("mailto:d@example.com"),
            row), 4L));
        version2.suppress("mailto:gone@example.net", "bounced", DAY);
        assertThat(version(connections)).isEqualTo(2);

        JdbcReceivedReportStore received = new JdbcReceivedReportStore(connections);
        received.migrate();

        assertThat(version(connections)).isEqualTo(3);
        JdbcReportStore store = new JdbcReportStore(connections);
        assertThat(store.contents(Optional.empty())).singleElement().satisfies(content -> assertThat(content.rows()).containsValue(4L));
        assertThat(store.suppressed("mailto:gone@example.net")).isTrue();
        assertThat(received.add(JdbcReceivedReportStoreTest.report("google.com", "1", "example.com", DAY,
            JdbcReceivedReportStoreTest.record("192.0.2.1", 3, "pass", "pass")),
            new Submission(DAY, Optional.empty(), Submission.Authenticity.UNKNOWN))).isEqualTo(Stored.NEW);
        received.migrate();
        assertThat(version(connections)).as("migrating again changes nothing").isEqualTo(3);
    }

    private static int version(JdbcReportStore.Connections connections) throws Exception {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT MAX(version) FROM mailauth_report_schema")) {
            result.next();
            return result.getInt(1);
        }
    }
}
