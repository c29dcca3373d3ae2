package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportSender;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.MailtoAddress;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportingSettings;

import org.mailauth.testkit.time.SettableClock;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Sending reports from a cluster (docs/architecture.md, Reports): several nodes, each with its own connections, on one real
 * PostgreSQL; every report reaches its destination exactly once, including those a node claimed and then died
 * with (another node sends them once the claim's lease has expired); unverified destinations get nothing.
 */
class AggregateReportSenderTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static Observation observation(String domain, String destination) {
        PublishedPolicy policy = new PublishedPolicy(domain, "reject", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.empty(), false);
        AggregateRow row = new AggregateRow("198.51.100.1", domain, Optional.empty(), Optional.empty(), "reject", false, false, List.of(),
            List.of(), Optional.empty(), Optional.empty());
        return new Observation(ReportInterval.containing(DAY, Duration.ofDays(1)), policy, List.of(destination), row);
    }

    @Test
    void threeNodesAndOneThatDiesMidSendDeliverEveryReportExactlyOnce() throws Exception {
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection()) {
            admin.createStatement().execute("CREATE DATABASE cluster");
        }
        String url = postgres.getJdbcUrl("postgres", "cluster");
        JdbcReportStore.Connections connections = () -> DriverManager.getConnection(url);
        new JdbcReportStore(connections).migrate();
        ReportCollector seed = new ReportCollector(1000);
        for (int i = 0; i < 40; i++) {
            seed.record(observation("d" + i + ".example", "mailto:dmarc@d" + i + ".example"));
        }
        seed.record(observation("spam.example", "mailto:victim@third-party.example"));
        seed.flush(new JdbcReportStore(connections));

        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        ReportingSettings settings = ReportingSettings.builder().organization("mx.test").lease(Duration.ofMinutes(10)).build();
        DestinationVerification verification = new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults());
        Map<String, Integer> delivered = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> recipients = new ConcurrentLinkedQueue<>();

        CountDownLatch dying = new CountDownLatch(1);
        AggregateReportSender doomed = new AggregateReportSender(new JdbcReportStore(connections), new ReportCollector(10), settings,
            verification, (report, to) -> {
                dying.countDown();
                throw new IllegalStateException("the node died while sending");
            }, clock, "doomed", "reports@mx.test");
        doomed.runOnce();
        assertThat(dying.getCount()).as("the dying node claimed reports first").isZero();

        List<AggregateReportSender> nodes = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            nodes.add(new AggregateReportSender(new JdbcReportStore(connections), new ReportCollector(10), settings, verification,
                (report, to) -> {
                    delivered.merge(report.policy().domain() + " " + to.address(), 1, Integer::sum);
                    recipients.add(to.address());
                }, clock, "node-" + n, "reports@mx.test"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        runConcurrently(pool, nodes);
        int beforeLease = delivered.size();
        clock.advance(Duration.ofMinutes(11));
        runConcurrently(pool, nodes);
        pool.shutdown();

        assertThat(beforeLease).as("the dead node's reports wait for its lease").isLessThan(40);
        assertThat(delivered).hasSize(40).allSatisfy((report, times) -> assertThat(times).as(report).isEqualTo(1));
        assertThat(recipients).doesNotContain("victim@third-party.example");
        assertThat(new JdbcReportStore(connections).deliveryStates()).containsExactly(Map.entry("sent", 40L), Map.entry("skipped", 1L));
    }

    /**
     * Another node writes the rows it counted at its next poll: until then they are only in its memory. A report
     * sent the moment its interval closes would leave them out for good (issue 19, found by ClusterRunIT).
     */
    @Test
    void aReportWaitsTheGraceForTheRowsAnotherNodeStillHoldsThenCountsThem() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector first = new ReportCollector(10);
        ReportCollector second = new ReportCollector(10);
        first.record(observation("graced.example", "mailto:dmarc@graced.example"));
        second.record(observation("graced.example", "mailto:dmarc@graced.example"));
        second.record(observation("graced.example", "mailto:dmarc@graced.example"));
        Instant closed = DAY.plus(Duration.ofDays(1));
        SettableClock clock = new SettableClock(closed.plusSeconds(1));
        ReportingSettings settings = ReportingSettings.builder().poll(Duration.ofSeconds(1)).closingGrace(Duration.ofSeconds(2)).build();
        DestinationVerification verification = new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults());
        List<Long> counted = new ArrayList<>();
        AggregateReportSender sender = new AggregateReportSender(store, first, settings, verification,
            (report, to) -> counted.add(report.messages()), clock, "first", "reports@mx.test");

        AggregateReportSender.Round early = sender.runOnce();
        second.flush(store);
        clock.advance(Duration.ofSeconds(1));
        AggregateReportSender.Round graced = sender.runOnce();

        assertThat(early.sent).as("one second after the close, within the grace").isZero();
        assertThat(graced.sent).isEqualTo(1);
        assertThat(counted).containsExactly(3L);
    }

    /**
     * After an outage of the store every node writes what it kept at its next poll; the interval may have closed long
     * ago, so the grace after the close is no help: the first node back waits the grace before claiming (issue 19,
     * found by ClusterRunIT with PostgreSQL restarted).
     */
    @Test
    void theFirstNodeBackAfterAnOutageWaitsTheGraceForTheRowsTheOthersKept() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("outage");
        String url = "jdbc:h2:file:" + folder.resolve("r");
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        JdbcReportStore store = new JdbcReportStore(() -> {
            if (down.get()) {
                throw new java.sql.SQLException("the database is down", "08001");
            }
            return DriverManager.getConnection(url, "sa", "");
        });
        store.migrate();
        ReportCollector first = new ReportCollector(10);
        ReportCollector second = new ReportCollector(10);
        first.record(observation("outage.example", "mailto:dmarc@outage.example"));
        second.record(observation("outage.example", "mailto:dmarc@outage.example"));
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)).plusSeconds(30));
        ReportingSettings settings = ReportingSettings.builder().poll(Duration.ofSeconds(1)).closingGrace(Duration.ofSeconds(2)).build();
        DestinationVerification verification = new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults());
        List<Long> counted = new ArrayList<>();
        AggregateReportSender sender = new AggregateReportSender(store, first, settings, verification,
            (report, to) -> counted.add(report.messages()), clock, "first", "reports@mx.test");
        down.set(true);
        sender.runOnce();
        down.set(false);

        AggregateReportSender.Round back = sender.runOnce();
        second.flush(store);
        clock.advance(Duration.ofSeconds(2));
        AggregateReportSender.Round graced = sender.runOnce();

        assertThat(back.written).isEqualTo(1);
        assertThat(back.sent).as("just back, within the grace").isZero();
        assertThat(graced.sent).isEqualTo(1);
        assertThat(counted).containsExactly(2L);
    }

    private static JdbcReportStore h2Store() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("sender");
        String url = "jdbc:h2:file:" + folder.resolve("r");
        JdbcReportStore store = new JdbcReportStore(() -> DriverManager.getConnection(url, "sa", ""));
        store.migrate();
        return store;
    }

    @Test
    void theDailyCapCountsWhatEveryNodeSentToADestination() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        for (String domain : List.of("a.example", "b.example", "c.example")) {
            PublishedPolicy policy = new PublishedPolicy(domain, "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
                Optional.empty(), false);
            AggregateRow row = new AggregateRow("192.0.2.1", domain, Optional.empty(), Optional.empty(), "none", true, true, List.of(),
                List.of(), Optional.empty(), Optional.empty());
            collector.record(new Observation(ReportInterval.containing(DAY, Duration.ofDays(1)), policy, List.of("mailto:r@example.net"), row));
        }
        collector.flush(store);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        InMemoryDnsResolver consent = InMemoryDnsResolver.builder()
            .txt("a.example._report._dmarc.example.net", "v=DMARC1").txt("b.example._report._dmarc.example.net", "v=DMARC1")
            .txt("c.example._report._dmarc.example.net", "v=DMARC1").build();
        ReportingSettings capTwo = ReportingSettings.builder().dailyCapPerDestination(2).build();
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        AggregateReportSender.Transport transport = (report, to) -> sent.add(report.policy().domain());

        new AggregateReportSender(store, new ReportCollector(1), capTwo, new DestinationVerification(consent, DmarcSettings.defaults()), transport, clock, "n1", "r@mx")
            .runOnce();

        assertThat(sent).hasSize(2);
        assertThat(store.deliveryStates()).containsExactly(Map.entry("sent", 2L), Map.entry("skipped", 1L));
    }

    @Test
    void theDailyCapCountsPerDestinationDomainWhateverTheLocalPart() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        for (String domain : List.of("a.example", "b.example", "c.example")) {
            collector.record(observation(domain, "mailto:victim+" + domain + "@example.net"));
        }
        collector.flush(store);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        InMemoryDnsResolver consent = InMemoryDnsResolver.builder()
            .txt("a.example._report._dmarc.example.net", "v=DMARC1").txt("b.example._report._dmarc.example.net", "v=DMARC1")
            .txt("c.example._report._dmarc.example.net", "v=DMARC1").build();
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        new AggregateReportSender(store, new ReportCollector(1), ReportingSettings.builder().dailyCapPerDestination(2).build(),
            new DestinationVerification(consent, DmarcSettings.defaults()), (report, to) -> sent.add(to.address()), clock, "n1", "r@mx")
            .runOnce();

        assertThat(sent).hasSize(2);
        assertThat(store.deliveryStates()).containsExactly(Map.entry("sent", 2L), Map.entry("skipped", 1L));
    }

    @Test
    void aReportThatCannotBeSentDoesNotStopTheOthers() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        collector.record(observation("bad.example", "mailto:refused@bad.example"));
        collector.record(observation("good.example", "mailto:agg@good.example"));
        collector.flush(store);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        AggregateReportSender.Transport transport = (report, to) -> {
            if (to.domain().equals("bad.example")) {
                throw new IllegalArgumentException("the mail system refuses " + to.address());
            }
            sent.add(to.address());
        };

        AggregateReportSender.Round round = new AggregateReportSender(store, new ReportCollector(1), ReportingSettings.builder().build(),
            new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults()), transport, clock, "n1", "r@mx")
            .runOnce();

        assertThat(sent).containsExactly("agg@good.example");
        assertThat(round.sent).isEqualTo(1);
        assertThat(round.failed).isTrue();
        assertThat(store.deliveryStates()).containsExactly(Map.entry("claimed", 1L), Map.entry("sent", 1L));
    }

    @Test
    void aDnsFailureWhileVerifyingTheDestinationLeavesTheReportForALaterRound() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        collector.record(observation("example.com", "mailto:r@reports.example.net"));
        collector.flush(store);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        InMemoryDnsResolver failing = InMemoryDnsResolver.builder().temporaryFailure("example.com._report._dmarc.reports.example.net").build();
        InMemoryDnsResolver consent = InMemoryDnsResolver.builder().txt("example.com._report._dmarc.reports.example.net", "v=DMARC1").build();
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReportingSettings settings = ReportingSettings.builder().lease(Duration.ofMinutes(5)).build();

        new AggregateReportSender(store, new ReportCollector(1), settings, new DestinationVerification(failing, DmarcSettings.defaults()),
            (report, to) -> sent.add(to.address()), clock, "n1", "r@mx").runOnce();
        assertThat(store.deliveryStates()).containsExactly(Map.entry("claimed", 1L));
        clock.advance(Duration.ofMinutes(6));
        new AggregateReportSender(store, new ReportCollector(1), settings, new DestinationVerification(consent, DmarcSettings.defaults()),
            (report, to) -> sent.add(to.address()), clock, "n2", "r@mx").runOnce();

        assertThat(sent).containsExactly("r@reports.example.net");
    }

    @Test
    void aDestinationThatBouncedGetsNoMoreReports() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        collector.record(observation("example.com", "mailto:Dmarc@example.com"));
        collector.flush(store);
        store.suppress("mailto:dmarc@example.com", "5.1.1 unknown user", DAY);
        store.suppress("mailto:dmarc@example.com", "again", DAY);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        new AggregateReportSender(store, new ReportCollector(1), ReportingSettings.builder().build(),
            new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults()), (report, to) -> sent.add(to.address()), clock, "n1", "r@mx").runOnce();

        assertThat(sent).isEmpty();
        assertThat(store.deliveryStates()).containsExactly(Map.entry("skipped", 1L));
    }

    @Test
    void allowListsLimitWhatIsReportedAndWhereTo() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        collector.record(observation("example.com", "mailto:dmarc@example.com"));
        collector.record(observation("example.org", "mailto:dmarc@example.org"));
        collector.flush(store);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReportingSettings onlyOne = ReportingSettings.builder().allowedPolicyDomains(java.util.Set.of("example.org")).build();

        new AggregateReportSender(store, new ReportCollector(1), onlyOne, new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults()),
            (report, to) -> sent.add(to.address()), clock, "n1", "r@mx").runOnce();

        assertThat(sent).containsExactly("dmarc@example.org");
    }

    @Test
    void aReportOverItsDestinationsSizeLimitIsReplacedByAnErrorReport() throws Exception {
        JdbcReportStore store = h2Store();
        ReportCollector collector = new ReportCollector(10);
        collector.record(observation("example.com", "mailto:dmarc@example.com!100"));
        collector.flush(store);
        SettableClock clock = new SettableClock(DAY.plus(Duration.ofDays(1)));
        List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        AggregateReportSender.Transport transport = new AggregateReportSender.Transport() {
            @Override
            public void send(AggregateReport report, MailtoAddress to) {
                reports.add(to.address());
            }

            @Override
            public void sendError(AggregateReport report, String text, MailtoAddress to) {
                errors.add(to.address() + "\n" + text);
            }
        };

        new AggregateReportSender(store, new ReportCollector(1), ReportingSettings.builder().organization("mx.test").build(),
            new DestinationVerification(InMemoryDnsResolver.builder().build(), DmarcSettings.defaults()), transport, clock, "n1", "r@mx").runOnce();

        assertThat(reports).isEmpty();
        assertThat(errors).singleElement().asString().startsWith("dmarc@example.com\nReport-Date: ")
            .contains("Report-Domain: example.com\r\n").contains("Report-ID: ").contains("Report-Size: ")
            .contains("Submitter: mx.test\r\n").contains("Submitting-URI: mailto:dmarc@example.com!100\r\n");
    }

    private static void runConcurrently(ExecutorService pool, List<AggregateReportSender> nodes) throws Exception {
        for (int round = 0; round < 3; round++) {
            List<Future<?>> runs = new ArrayList<>();
            for (AggregateReportSender node : nodes) {
                runs.add(pool.submit(node::runOnce));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
    }
}
