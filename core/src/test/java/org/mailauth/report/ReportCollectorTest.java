package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Recording never waits for or fails with the store; a store outage costs a bounded buffer (that nothing is lost within
 * it: report-jdbc's ReportStoreOutageTest).
 */
class ReportCollectorTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");

    private static Observation observation(String ip) {
        PublishedPolicy policy = new PublishedPolicy("example.com", "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.empty(), false);
        AggregateRow row = new AggregateRow(ip, "example.com", Optional.empty(), Optional.empty(), "none", true, true, List.of(),
            List.of(), Optional.of("example.com"), Optional.of("pass"));
        return new Observation(ReportInterval.containing(DAY, Duration.ofDays(1)), policy, List.of("mailto:d@example.com"), row);
    }

    @Test
    void aFullBufferDropsNewRowsAndCountsThemButKeepsCountingKnownOnes() {
        ReportCollector collector = new ReportCollector(1);

        assertThat(collector.record(observation("192.0.2.1"))).isTrue();
        assertThat(collector.record(observation("192.0.2.1"))).isTrue();
        assertThat(collector.record(observation("192.0.2.2"))).isFalse();

        assertThat(collector.pendingMessages()).isEqualTo(2);
        assertThat(collector.dropped()).isEqualTo(1);
    }
}
