package org.mailauth.report.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedRecord;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReceivedReportStore.Stored;
import org.mailauth.report.received.ReportFormat;
import org.mailauth.report.received.Submission;

/**
 * The store of received reports on H2 and on a real PostgreSQL: one report per (submitter, report id) however often
 * and however concurrently it is delivered, summaries per policy domain computed by the database, values too long for
 * their columns cut rather than the report lost, retention by arrival, and failure reports counted for their domain.
 */
class JdbcReceivedReportStoreTest {

    private static final Instant DAY_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant ARRIVAL = Instant.parse("2026-11-03T08:00:00Z");
    private static final Submission FROM_FILE = new Submission(ARRIVAL, Optional.empty(), Submission.Authenticity.UNKNOWN);
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

    private static JdbcReceivedReportStore store(String kind) throws Exception {
        JdbcReceivedReportStore store = new JdbcReceivedReportStore(databases.fresh(kind));
        store.migrate();
        return store;
    }

    static ReceivedRecord record(String ip, long count, String dkim, String spf) {
        return new ReceivedRecord(ip, count, "none", dkim, spf, List.of(), "example.com", Optional.of("example.com"), Optional.empty(),
            List.of(new ReceivedRecord.AuthResult("example.com", "s1", dkim)), List.of(new ReceivedRecord.AuthResult("example.com", "mfrom", spf)));
    }

    static ReceivedReport report(String org, String id, String domain, Instant begin, ReceivedRecord... records) {
        return new ReceivedReport(ReportFormat.RFC7489, org, "dmarc@" + org, id, begin, begin.plus(Duration.ofDays(1)).minusSeconds(1),
            new ReceivedReport.Policy(domain, "none", Optional.empty(), Optional.empty(), "r", "r", OptionalInt.of(100), false),
            List.of(records), List.of());
    }

    private static DmarcSummary.Domain only(DmarcSummary summary) {
        assertThat(summary.domains()).hasSize(1);
        return summary.domains().get(0);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theSameReportDeliveredAgainIsADuplicateAndCountsOnce(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        ReceivedReport report = report("google.com", "1234", "example.com", DAY_1, record("192.0.2.1", 5, "pass", "pass"));

        assertThat(store.add(report, FROM_FILE)).isEqualTo(Stored.NEW);
        assertThat(store.add(report, FROM_FILE)).isEqualTo(Stored.DUPLICATE);
        assertThat(store.add(report("Google.COM", "1234", "example.com", DAY_2, record("192.0.2.1", 9, "pass", "pass")), FROM_FILE))
            .as("the submitter is compared in lower case").isEqualTo(Stored.DUPLICATE);
        assertThat(store.add(report("yahoo.com", "1234", "example.com", DAY_1, record("192.0.2.1", 2, "pass", "pass")), FROM_FILE))
            .as("another reporter's report of the same id").isEqualTo(Stored.NEW);

        DmarcSummary.Domain domain = only(store.summary(Optional.empty(), Instant.EPOCH, 10));
        assertThat(domain.reports()).isEqualTo(2);
        assertThat(domain.messages()).isEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aForgedCopySentFirstFromAnEmailThatFailedDmarcIsReplacedByTheGenuineReport(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        Submission forger = new Submission(DAY_1, Optional.of("dmarc@google.com"), Submission.Authenticity.UNAUTHENTICATED);
        Submission google = new Submission(DAY_2, Optional.of("noreply-dmarc-support@google.com"), Submission.Authenticity.AUTHENTICATED);
        ReceivedReport forged = report("google.com", "1234", "example.com", DAY_1, record("203.0.113.9", 100_000, "fail", "fail"));
        ReceivedReport genuine = report("google.com", "1234", "example.com", DAY_1, record("192.0.2.1", 5, "pass", "pass"));

        assertThat(store.add(forged, forger)).isEqualTo(Stored.NEW);
        assertThat(store.add(genuine, google)).isEqualTo(Stored.REPLACED);
        assertThat(store.add(forged, forger)).as("the forgery again, now that the genuine report is held").isEqualTo(Stored.DUPLICATE);
        assertThat(store.add(genuine, google)).isEqualTo(Stored.DUPLICATE);

        DmarcSummary.Domain domain = only(store.summary(Optional.empty(), Instant.EPOCH, 10));
        assertThat(domain.reports()).isEqualTo(1);
        assertThat(domain.messages()).isEqualTo(5);
        assertThat(domain.sources()).extracting(DmarcSummary.Source::ip).containsExactly("192.0.2.1");
        assertThat(domain.reportList()).singleElement().extracting(DmarcSummary.Report::authenticity)
            .isEqualTo(Submission.Authenticity.AUTHENTICATED);
    }

    /** Two deliveries racing: the unique constraint (SQLSTATE 23505) lets exactly one store it. */
    @ParameterizedTest
    @MethodSource("kinds")
    void twoConcurrentDeliveriesOfTheSameReportStoreItOnce(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                List<ReceivedRecord> records = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    records.add(record("192.0.2." + i, 1, "pass", "fail"));
                }
                ReceivedReport report = report("google.com", "race-" + round, "example.com", DAY_1, records.toArray(new ReceivedRecord[0]));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Stored>> deliveries = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    deliveries.add(pool.submit(() -> {
                        start.await();
                        return store.add(report, FROM_FILE);
                    }));
                }
                start.countDown();
                List<Stored> outcomes = new ArrayList<>();
                for (Future<Stored> delivery : deliveries) {
                    outcomes.add(delivery.get());
                }
                assertThat(outcomes).containsExactlyInAnyOrder(Stored.NEW, Stored.DUPLICATE);
            }
        } finally {
            pool.shutdownNow();
        }

        DmarcSummary.Domain domain = only(store.summary(Optional.empty(), Instant.EPOCH, 100));
        assertThat(domain.reports()).isEqualTo(10);
        assertThat(domain.messages()).isEqualTo(500);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theSummaryCountsMessagesPerDayAlignmentAndSourcesByFailures(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        store.add(report("google.com", "g1", "example.com", DAY_1,
            record("192.0.2.1", 100, "pass", "pass"), record("198.51.100.7", 3, "fail", "fail"), record("203.0.113.5", 10, "pass", "fail")),
            FROM_FILE, Map.of("192.0.2.1", "mail.example.com"));
        store.add(report("Outlook.com", "o1", "example.com", DAY_2,
            record("192.0.2.1", 50, "pass", "pass"), record("198.51.100.7", 4, "fail", "fail"), record("198.51.100.8", 4, "fail", "pass")),
            FROM_FILE);
        store.add(report("", "x1", "example.org", DAY_2, record("203.0.113.9", 2, "fail", "fail")), FROM_FILE);

        DmarcSummary summary = store.summary(Optional.empty(), Instant.EPOCH, 10);

        assertThat(summary.domains()).extracting(DmarcSummary.Domain::policyDomain).containsExactly("example.com", "example.org");
        DmarcSummary.Domain com = summary.domains().get(0);
        assertThat(com.messages()).isEqualTo(171);
        assertThat(com.dmarcPass()).isEqualTo(164);
        assertThat(com.dmarcFail()).isEqualTo(7);
        assertThat(com.spfAligned()).isEqualTo(154);
        assertThat(com.dkimAligned()).isEqualTo(160);
        assertThat(com.reports()).isEqualTo(2);
        assertThat(com.days()).extracting(DmarcSummary.Day::date, DmarcSummary.Day::pass, DmarcSummary.Day::fail).containsExactly(
            org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 1), 110L, 3L),
            org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 2), 54L, 4L));
        assertThat(com.sources()).extracting(DmarcSummary.Source::ip)
            .as("most failures first, then most messages").containsExactly("198.51.100.7", "192.0.2.1", "203.0.113.5", "198.51.100.8");
        assertThat(com.sources().get(0).failures()).isEqualTo(7);
        assertThat(com.sources().get(0).reporters()).containsExactly("Outlook.com", "google.com");
        assertThat(com.sources().get(1).reverseName()).contains("mail.example.com");
        assertThat(com.sources().get(0).reverseName()).isEmpty();
        assertThat(com.reportList()).extracting(DmarcSummary.Report::reportId).as("newest period first").containsExactly("o1", "g1");
        assertThat(com.reportList().get(1).messages()).isEqualTo(113);
        assertThat(com.reportList().get(1).records()).isEqualTo(3);
        assertThat(summary.domains().get(1).sources().get(0).reporters()).as("an empty org_name: the submitter").containsExactly("dmarc@");
        assertThat(store.summary(Optional.of("EXAMPLE.ORG"), Instant.EPOCH, 10).domains()).extracting(DmarcSummary.Domain::policyDomain)
            .containsExactly("example.org");
        assertThat(only(store.summary(Optional.of("example.com"), Instant.EPOCH, 2)).sources()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void sinceLeavesOutReportsWhosePeriodEndedBefore(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        store.add(report("google.com", "old", "example.com", DAY_1, record("192.0.2.1", 1, "pass", "pass")), FROM_FILE);
        store.add(report("google.com", "new", "example.com", DAY_2, record("192.0.2.1", 2, "pass", "pass")), FROM_FILE);

        DmarcSummary.Domain domain = only(store.summary(Optional.empty(), DAY_2, 10));

        assertThat(domain.reports()).isEqualTo(1);
        assertThat(domain.messages()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void failureReportsCountForThePolicyDomainTheyNameOrAreUnder(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        store.add(report("google.com", "g1", "example.com", DAY_1, record("192.0.2.1", 1, "pass", "pass")), FROM_FILE);
        store.add(failure("mail.example.com", "example.com"), FROM_FILE);
        store.add(failure("other.example"), FROM_FILE);

        DmarcSummary summary = store.summary(Optional.empty(), Instant.EPOCH, 10);

        assertThat(summary.domains()).extracting(DmarcSummary.Domain::policyDomain, DmarcSummary.Domain::failureReports).containsExactly(
            org.assertj.core.groups.Tuple.tuple("example.com", 1), org.assertj.core.groups.Tuple.tuple("other.example", 1));
        assertThat(only(store.summary(Optional.of("example.com"), Instant.EPOCH, 10)).failureReports()).isEqualTo(1);
    }

    static ReceivedFailureReport failure(String... domains) {
        return new ReceivedFailureReport("auth-failure", Optional.of("dmarc"), List.of(domains), Optional.of("198.51.100.7"),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, Optional.of("ceo@" + domains[0]),
            Optional.of("Invoice"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void purgeDeletesWhatArrivedBeforeTheCutoff(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        Submission early = new Submission(ARRIVAL.minus(Duration.ofDays(500)), Optional.empty(), Submission.Authenticity.UNKNOWN);
        store.add(report("google.com", "early", "example.com", DAY_1, record("192.0.2.1", 1, "pass", "pass")), early);
        store.add(failure("example.com"), early);
        store.add(report("google.com", "late", "example.com", DAY_1, record("192.0.2.1", 2, "pass", "pass")), FROM_FILE);

        assertThat(store.purge(ARRIVAL.minus(Duration.ofDays(400)))).isEqualTo(2);

        DmarcSummary.Domain domain = only(store.summary(Optional.empty(), Instant.EPOCH, 10));
        assertThat(domain.reportList()).extracting(DmarcSummary.Report::reportId).containsExactly("late");
        assertThat(domain.failureReports()).isZero();
        assertThat(store.add(report("google.com", "early", "example.com", DAY_1, record("192.0.2.1", 1, "pass", "pass")), FROM_FILE))
            .as("a purged report is forgotten").isEqualTo(Stored.NEW);
    }

    /** Issue 21's lesson for what reporters send: a value longer than its column is cut, never the report lost. */
    @ParameterizedTest
    @MethodSource("kinds")
    void valuesTooLongForTheirColumnsAreCutAndTheReportIsKept(String kind) throws Exception {
        JdbcReceivedReportStore store = store(kind);
        String longName = "x".repeat(5000);
        ReceivedRecord hostile = new ReceivedRecord("192.0.2.1" + "9".repeat(300), Long.MAX_VALUE - 1, "none\u0000", "fail", "fail",
            List.of(new ReceivedRecord.Reason("other", longName)), longName + ".example", Optional.of(longName), Optional.of(longName),
            List.of(new ReceivedRecord.AuthResult(longName, longName, "pass")), List.of());
        ReceivedReport report = new ReceivedReport(ReportFormat.RFC9990, longName, longName + "@example.net", "id-" + longName,
            DAY_1, DAY_2, new ReceivedReport.Policy("example.com", longName, Optional.of(longName), Optional.empty(), "r", "r",
                OptionalInt.empty(), true), List.of(hostile, record("192.0.2.2", 5, "pass", "pass")), List.of(longName));

        assertThat(store.add(report, new Submission(ARRIVAL, Optional.of(longName), Submission.Authenticity.UNAUTHENTICATED)))
            .isEqualTo(Stored.NEW);
        assertThat(store.add(report, FROM_FILE)).isEqualTo(Stored.DUPLICATE);

        DmarcSummary.Domain domain = only(store.summary(Optional.empty(), Instant.EPOCH, 10));
        assertThat(domain.messages()).as("the sum of counts near Long.MAX_VALUE stops there").isEqualTo(Long.MAX_VALUE);
        assertThat(domain.dmarcFail()).isEqualTo(Long.MAX_VALUE - 5);
        DmarcSummary.Report stored = domain.reportList().get(0);
        assertThat(stored.orgName()).hasSize(JdbcReceivedReportStore.NAME_LENGTH).endsWith("\u2026");
        assertThat(stored.authenticity()).isEqualTo(Submission.Authenticity.UNAUTHENTICATED);
        assertThat(domain.sources()).extracting(DmarcSummary.Source::ip).first().asString()
            .hasSize(JdbcReceivedReportStore.IP_LENGTH).startsWith("192.0.2.19");
    }
}
