package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportDelivery;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportStoreException;

/** A report store that cannot be reached costs the report collector nothing it buffered: all of it is written once the store is back. */
class ReportStoreOutageTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");

    private static Observation observation(String ip) {
        PublishedPolicy policy = new PublishedPolicy("example.com", "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.empty(), false);
        AggregateRow row = new AggregateRow(ip, "example.com", Optional.empty(), Optional.empty(), "none", true, true, List.of(),
            List.of(), Optional.of("example.com"), Optional.of("pass"));
        return new Observation(ReportInterval.containing(DAY, Duration.ofDays(1)), policy, List.of("mailto:d@example.com"), row);
    }

    @Test
    void aStoreOutageKeepsTheRowsUntilTheStoreIsBack() throws Exception {
        Path folder = Files.createTempDirectory("collector");
        AtomicBoolean down = new AtomicBoolean(true);
        JdbcReportStore store = new JdbcReportStore(() -> {
            if (down.get()) {
                throw new SQLException("connection refused", "08001");
            }
            return DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("r"), "sa", "");
        });
        ReportCollector collector = new ReportCollector(100);
        collector.record(observation("192.0.2.1"));
        collector.record(observation("192.0.2.1"));

        assertThatThrownBy(() -> collector.flush(store)).isInstanceOf(ReportStoreException.class);
        collector.record(observation("192.0.2.2"));
        assertThat(collector.pendingMessages()).isEqualTo(3);
        assertThat(collector.failedFlushes()).isEqualTo(1);

        down.set(false);
        store.migrate();
        assertThat(collector.flush(store)).isEqualTo(3);
        assertThat(collector.pendingMessages()).isZero();
        ReportDelivery delivery = store.claim("n", DAY.plus(Duration.ofDays(1)), Duration.ofMinutes(1), 1).get(0);
        assertThat(store.content(delivery).rows().values()).containsExactlyInAnyOrder(2L, 1L);
    }
}
