package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportDelivery;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportStoreException;

/**
 * One inbound message cannot stop aggregate reporting for every other domain (issue 21, item 3), on H2 and on a
 * real PostgreSQL: what a message adds is bounded before it is stored, a row the database refuses for good (SQLState
 * class 22 or 23) is dropped and counted while the rest of its batch is written, and a lost connection still keeps
 * the whole batch for the next write, counted once.
 */
class ReportStorePoisoningTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");
    private static final Duration ONE_DAY = Duration.ofDays(1);
    private static final String MANY_URIS = IntStream.rangeClosed(1, 400)
        .mapToObj(i -> String.format("mailto:dmarc-%03d@many.example", i)).collect(Collectors.joining(","));
    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .txt("_dmarc.many.example", "v=DMARC1; p=reject; rua=" + MANY_URIS)
        .txt("_dmarc.bystander.example", "v=DMARC1; p=none; rua=mailto:dmarc@bystander.example")
        .txt("_dmarc.signed.example", "v=DMARC1; p=none; rua=mailto:dmarc@signed.example").build();
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

    private static Observation observed(String from, String ip) throws Exception {
        return observed(from, ip, List.of());
    }

    private static Observation observed(String from, String ip, List<DkimSignatureResult> dkim) throws Exception {
        DmarcResult result = new DmarcEvaluator(DNS, DmarcSettings.defaults())
            .evaluate(List.of(from), Optional.empty(), dkim, Optional.of(InetAddress.getByName(ip))).toCompletableFuture().join();
        return Observation.of(result, DmarcMode.RFC9989, ReportInterval.containing(DAY.plusSeconds(60), ONE_DAY), ip,
            Optional.of(from.substring(from.indexOf('@') + 1)), Optional.of("gateway.test")).orElseThrow();
    }

    private static Observation observation(String domain, String ip) {
        PublishedPolicy policy = new PublishedPolicy(domain, "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.empty(), false);
        AggregateRow row = new AggregateRow(ip, domain, Optional.empty(), Optional.empty(), "none", false, false, List.of(),
            List.of(), Optional.empty(), Optional.empty());
        return new Observation(ReportInterval.containing(DAY, ONE_DAY), policy, List.of("mailto:dmarc@" + domain), row);
    }

    /** Every report due once the day closed: policy domain → its rows' counts by source IP. */
    private static Map<String, Map<String, Long>> reports(JdbcReportStore store) throws Exception {
        return store.claim("node", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 1000).stream()
            .map(ReportDelivery::policyDomain).distinct().collect(Collectors.toMap(domain -> domain, domain -> {
                try {
                    return store.contents(Optional.of(domain)).get(0).rows().entrySet().stream()
                        .collect(Collectors.toMap(row -> row.getKey().sourceIp(), Map.Entry::getValue));
                } catch (ReportStoreException e) {
                    throw new AssertionError(e);
                }
            }));
    }

    /** The proof of issue 21: a record with 400 rua URIs made the batch fail, and the other domain's row waited for ever. */
    @ParameterizedTest
    @MethodSource("kinds")
    void aRecordWith400ReportUrisCostsNoOtherDomainItsReport(String kind) throws Exception {
        JdbcReportStore store = ReportDatabases.store(databases.fresh(kind));
        ReportCollector collector = new ReportCollector(100);
        collector.record(observed("ceo@many.example", "198.51.100.7"));
        collector.record(observed("news@bystander.example", "192.0.2.10"));
        collector.record(observed("news@bystander.example", "192.0.2.10"));

        assertThat(collector.flush(store)).isEqualTo(3);

        assertThat(collector.pendingMessages()).isZero();
        assertThat(reports(store)).containsEntry("bystander.example", Map.of("192.0.2.10", 2L))
            .containsEntry("many.example", Map.of("198.51.100.7", 1L));
        assertThat(store.deliveryStates()).as("the first five of the 400 URIs, and the bystander's").containsEntry("claimed", 6L);
    }

    /**
     * A DKIM-Signature whose selector holds a NUL (the DKIM parser keeps it; the signature then fails) reaches the
     * report row; PostgreSQL cannot store a NUL in text (SQLState 22021). One such message used to stop every write
     * of a PostgreSQL store the way 400 URIs did; the selector is stored with U+FFFD instead.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void aDkimSelectorWithANulCostsNoOtherDomainItsReport(String kind) throws Exception {
        String message = "DKIM-Signature: v=1; a=rsa-sha256; d=signed.example; s=s\u0000\u0001; h=from; bh=AAAA; b=AAAA\r\n"
            + "From: ceo@signed.example\r\nSubject: hi\r\n\r\nHi.\r\n";
        List<DkimSignatureResult> dkim = new DkimVerifier(DNS, DkimSettings.defaults())
            .verify(new java.io.ByteArrayInputStream(message.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toCompletableFuture().join()
            .signatures();
        JdbcReportStore store = ReportDatabases.store(databases.fresh(kind));
        ReportCollector collector = new ReportCollector(100);
        collector.record(observed("ceo@signed.example", "198.51.100.7", dkim));
        collector.record(observed("news@bystander.example", "192.0.2.10"));

        assertThat(collector.flush(store)).isEqualTo(2);

        assertThat(reports(store)).containsEntry("bystander.example", Map.of("192.0.2.10", 1L))
            .containsEntry("signed.example", Map.of("198.51.100.7", 1L));
        assertThat(store.contents(Optional.of("signed.example")).get(0).rows().keySet().iterator().next().dkim())
            .extracting(result -> result.selector()).containsExactly("s\ufffd\ufffd");
    }

    /**
     * The longest policy domain a DMARC record can have ({@code _dmarc.} and 246 characters make a 253-character
     * name) gets its report: its Report-ID fits the store. A wildcard TXT record lets anyone make such a domain.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void theLongestPolicyDomainCostsNoOtherDomainItsReport(String kind) throws Exception {
        JdbcReportStore store = ReportDatabases.store(databases.fresh(kind));
        String longest = "a".repeat(61) + "." + "b".repeat(61) + "." + "c".repeat(61) + "." + "d".repeat(52) + ".example";
        store.add(Map.of(observation(longest, "198.51.100.7"), 1L, observation("bystander.example", "192.0.2.10"), 1L));

        List<ReportDelivery> due = store.claim("node", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10);

        assertThat(longest).hasSize(246);
        assertThat(due).extracting(ReportDelivery::policyDomain).containsExactlyInAnyOrder(longest, "bystander.example");
        assertThat(due).extracting(ReportDelivery::reportId)
            .allSatisfy(id -> assertThat(id).hasSizeLessThanOrEqualTo(200).matches("[0-9]+(\\.[a-z0-9-]+)+"));
    }

    /**
     * A report stored by an earlier version with a destination longer than the delivery table holds costs only that
     * destination: the other reports are still claimed.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void aStoredDestinationTheDeliveryTableCannotHoldCostsOnlyThatDestination(String kind) throws Exception {
        JdbcReportStore.Connections connections = databases.fresh(kind);
        JdbcReportStore store = ReportDatabases.store(connections);
        store.add(Map.of(observation("bystander.example", "192.0.2.10"), 1L, observation("long.example", "198.51.100.7"), 1L));
        try (Connection connection = connections.open()) {
            connection.createStatement().execute("UPDATE dmarc_report_policy SET destinations = 'mailto:" + "x".repeat(1500)
                + "@long.example" + "\tmailto:dmarc@long.example' WHERE policy_domain = 'long.example'");
        }

        List<ReportDelivery> due = store.claim("node", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10);

        assertThat(due).extracting(ReportDelivery::destination)
            .containsExactlyInAnyOrder("mailto:dmarc@bystander.example", "mailto:dmarc@long.example");
    }

    /** A delivery the database refuses for good costs that destination alone; the other reports are still claimed. */
    @ParameterizedTest
    @MethodSource("kinds")
    void aDeliveryTheDatabaseRefusesForGoodCostsOnlyThatDestination(String kind) throws Exception {
        JdbcReportStore.Connections connections = databases.fresh(kind);
        JdbcReportStore store = ReportDatabases.store(connections);
        try (Connection connection = connections.open()) {
            connection.createStatement().execute("ALTER TABLE dmarc_report_delivery ADD CONSTRAINT refused_for_test "
                + "CHECK (destination NOT LIKE '%refused%')");
        }
        store.add(Map.of(observation("bystander.example", "192.0.2.10"), 1L, observation("refused.example", "198.51.100.7"), 1L));

        List<ReportDelivery> due = store.claim("node", DAY.plus(ONE_DAY), Duration.ofMinutes(5), 10);

        assertThat(due).extracting(ReportDelivery::destination).containsExactly("mailto:dmarc@bystander.example");
    }

    /** A row the database refuses for good (a constraint: SQLState class 23) is dropped and counted; the others are written. */
    @ParameterizedTest
    @MethodSource("kinds")
    void aRowTheDatabaseRefusesForGoodIsDroppedAndCountedAndTheRestOfItsBatchIsWritten(String kind) throws Exception {
        JdbcReportStore.Connections connections = databases.fresh(kind);
        JdbcReportStore store = ReportDatabases.store(connections);
        try (Connection connection = connections.open()) {
            connection.createStatement().execute("ALTER TABLE dmarc_report_row ADD CONSTRAINT refused_for_test "
                + "CHECK (row_data NOT LIKE '198.51.100.66%')");
        }
        ReportCollector collector = new ReportCollector(100);
        collector.record(observation("bystander.example", "192.0.2.10"));
        collector.record(observation("poisoned.example", "198.51.100.66"));
        collector.record(observation("poisoned.example", "198.51.100.66"));
        collector.record(observation("poisoned.example", "198.51.100.67"));

        assertThat(collector.flush(store)).isEqualTo(2);

        assertThat(collector.pendingMessages()).as("not kept to fail again").isZero();
        assertThat(collector.refused()).isEqualTo(2);
        assertThat(collector.flush(store)).isZero();
        assertThat(reports(store)).containsOnly(Map.entry("bystander.example", Map.of("192.0.2.10", 1L)),
            Map.entry("poisoned.example", Map.of("198.51.100.67", 1L)));
    }

    /** A value too long for its column (SQLState 22001, what 400 URIs caused) is dropped as well, not retried. */
    @ParameterizedTest
    @MethodSource("kinds")
    void aValueTooLongForItsColumnIsDroppedNotRetried(String kind) throws Exception {
        JdbcReportStore.Connections connections = databases.fresh(kind);
        JdbcReportStore store = ReportDatabases.store(connections);
        try (Connection connection = connections.open()) {
            connection.createStatement().execute("ALTER TABLE dmarc_report_policy ALTER COLUMN destinations SET DATA TYPE VARCHAR(40)");
        }
        ReportCollector collector = new ReportCollector(100);
        collector.record(observation("bystander.example", "192.0.2.10"));
        collector.record(observation("a-rather-long-policy-domain.example", "198.51.100.7"));

        assertThat(collector.flush(store)).isEqualTo(1);

        assertThat(collector.refused()).isEqualTo(1);
        assertThat(collector.pendingMessages()).isZero();
        assertThat(reports(store)).containsOnly(Map.entry("bystander.example", Map.of("192.0.2.10", 1L)));
    }

    /** A connection lost in the middle of a batch (SQLState class 08) writes none of it; it is kept and counted once later. */
    @ParameterizedTest
    @MethodSource("kinds")
    void aConnectionLostInTheMiddleOfABatchKeepsAllOfItAndCountsItOnceWhenRetried(String kind) throws Exception {
        JdbcReportStore.Connections database = databases.fresh(kind);
        ReportDatabases.store(database);
        AtomicInteger statementsUntilFailure = new AtomicInteger(5);
        JdbcReportStore store = new JdbcReportStore(() -> losing(database.open(), statementsUntilFailure));
        ReportCollector collector = new ReportCollector(100);
        for (int i = 1; i <= 4; i++) {
            collector.record(observation("domain" + i + ".example", "192.0.2." + i));
        }

        assertThatThrownBy(() -> collector.flush(store)).isInstanceOf(ReportStoreException.class).hasMessageContaining("connection lost");
        assertThat(collector.pendingMessages()).isEqualTo(4);
        assertThat(collector.refused()).isZero();

        assertThat(collector.flush(store)).isEqualTo(4);
        assertThat(reports(new JdbcReportStore(database))).hasSize(4)
            .allSatisfy((domain, rows) -> assertThat(rows.values()).containsExactly(1L));
    }

    /** A connection whose {@code statements}-th prepared statement finds the connection lost. */
    private static Connection losing(Connection connection, AtomicInteger statements) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, arguments) -> {
                if (method.getName().equals("prepareStatement") && statements.decrementAndGet() == 0) {
                    throw new SQLException("connection lost (injected)", "08006");
                }
                try {
                    return method.invoke(connection, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
