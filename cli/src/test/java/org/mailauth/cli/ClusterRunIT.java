package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;
import org.mailauth.testkit.smtp.SmtpSink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 19: two {@code mailauth run} processes (two James 3.8.1 JVMs, each with its own data folder and ports) share
 * one PostgreSQL report database. Mail for the same {@code rua} domains reaches both over SMTP, from several source
 * addresses (127/8, bound by the client); the reports go through James's RemoteDelivery to an SMTP sink. Each report
 * (policy domain, interval, destination) must arrive once, and count every message; when the node sending the
 * reports is killed (SIGKILL, mid-round), the other sends what it held after the lease (10 s with a seconds interval).
 * A spoof of a p=reject domain is refused at the end of DATA by either node, and counted once.
 *
 * <p>{@code -Dmailauth.cluster.trials=N} repeats the kill N times (default 1) and prints the figures.
 */
class ClusterRunIT {

    private static final List<String> DOMAINS = List.of("alpha.example", "beta.example", "gamma.example");
    /** 127.0.0.10 and .11 pass SPF; .12 and .13 fail it (DMARC p=none: accepted, counted as failing). */
    private static final List<String> SOURCES = List.of("127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13");
    /** Its p=reject makes the SMTP hook of either node refuse a spoof at the end of DATA (issue 16). */
    private static final String SPOOFED = "bank.example";
    private static final String INTERVAL = "20s";
    private static final Duration REPORTS_LIMIT = Duration.ofSeconds(90);

    private static EmbeddedPostgres postgres;
    private static int databases;

    @TempDir
    Path folder;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A new, empty database of the shared server: its JDBC URL. */
    private static String newDatabase() throws Exception {
        String name = "cluster" + (++databases);
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    }

    private static Zone zone() {
        Zone.Builder zone = Zone.builder();
        for (String domain : DOMAINS) {
            zone.txt(domain, "v=spf1 ip4:127.0.0.10 ip4:127.0.0.11 -all")
                .txt("_dmarc." + domain, "v=DMARC1; p=none; rua=mailto:dmarc@" + domain);
        }
        return zone.txt(SPOOFED, "v=spf1 -all").txt("_dmarc." + SPOOFED, "v=DMARC1; p=reject; rua=mailto:dmarc@" + SPOOFED).build();
    }

    private ClusterNode node(String name, String databaseUrl, LoopbackDnsServer dns, SmtpSink sink) throws Exception {
        return new ClusterNode(name, folder.resolve(name), "--dns", dns.hostAndPort(), "--relay", "127.0.0.1:" + sink.port(),
            "--report-interval", INTERVAL, "--database-url", databaseUrl, "--database-user", "postgres");
    }

    @Test
    void twoNodesReceivingMailForTheSameDomainsSendEachReportOnceCountingEveryMessage() throws Exception {
        String database = newDatabase();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(zone());
             SmtpSink sink = new SmtpSink(true);
             ClusterNode a = node("mx-a", database, dns, sink);
             ClusterNode b = node("mx-b", database, dns, sink)) {
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();

            Map<String, Long> sent = new LinkedHashMap<>();
            for (int i = 0; i < 200; i++) {
                ClusterNode node = i % 2 == 0 ? a : b;
                String domain = DOMAINS.get(i % 3);
                String reply = node.send(SOURCES.get((i / 2) % 4), "news@" + domain, i + "@cluster.test");
                assertThat(reply).as("message %d to %s", i, node.name).startsWith("250");
                sent.merge(domain, 1L, Long::sum);
            }
            for (int i = 0; i < 5; i++) {
                ClusterNode node = i < 3 ? a : b;
                assertThat(node.send(SOURCES.get(i % 4), "ceo@" + SPOOFED, "spoof." + i + "@cluster.test")).as("spoof %d to %s", i, node.name)
                    .startsWith("550 5.7.1");
                sent.merge(SPOOFED, 1L, Long::sum);
            }
            SentReports reports = awaitCounts(sink, sent, a, b);
            Thread.sleep(5_000);
            reports = SentReports.of(sink);

            System.out.printf("cluster: sent %d messages (5 refused spoofs); %d reports; %d duplicates; %s%n", 205, reports.all().size(),
                reports.duplicates(), reports.perKey());
            assertThat(reports.perKey().values()).as("reports per (domain, interval, destination)").containsOnly(1L);
            for (String domain : sent.keySet()) {
                assertThat(reports.messages(domain)).as(domain + ", counted once on whichever node received it").isEqualTo(sent.get(domain));
            }
            assertThat(a.stop()).isTrue();
            assertThat(b.stop()).isTrue();
        }
    }

    @Test
    void whenTheNodeSendingTheReportsIsKilledTheOtherSendsThemAfterTheLease() throws Exception {
        int trials = Integer.getInteger("mailauth.cluster.trials", 1);
        String database = newDatabase();
        Map<String, Integer> figures = new LinkedHashMap<>(Map.of("trials", trials, "killed holding a claim", 0, "reports", 0,
            "duplicates", 0, "lost", 0));
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(zone());
             SmtpSink sink = new SmtpSink(true);
             ClusterNode a = node("mx-a", database, dns, sink);
             ClusterNode b = node("mx-b", database, dns, sink);
             Connection db = DriverManager.getConnection(database, "postgres", "")) {
            Map<String, ClusterNode> nodes = Map.of(a.name, a, b.name, b);
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            Set<String> before = new HashSet<>();
            for (int trial = 1; trial <= trials; trial++) {
                Map<String, Long> sent = new HashMap<>();
                for (int i = 0; i < 18; i++) {
                    ClusterNode node = i % 2 == 0 ? a : b;
                    String domain = DOMAINS.get(i % 3);
                    assertThat(node.send(SOURCES.get((i / 2) % 4), "news@" + domain, trial + "." + i + "@cluster.test")).startsWith("250");
                    sent.merge(domain, 1L, Long::sum);
                }
                Claim claim = awaitClaim(db, before, REPORTS_LIMIT);
                ClusterNode victim = nodes.get(claim.node);
                victim.kill();
                ClusterNode survivor = victim == a ? b : a;

                Map<String, String[]> deliveries = awaitAllSent(db, before, Duration.ofSeconds(60));
                Thread.sleep(3_000);
                SentReports reports = SentReports.of(sink);
                Map<String, Long> perKey = reports.perKey();
                int duplicates = 0;
                int lost = 0;
                for (String key : deliveries.keySet()) {
                    long arrived = perKey.getOrDefault(key, 0L);
                    duplicates += (int) Math.max(0, arrived - 1);
                    lost += arrived == 0 ? 1 : 0;
                }
                figures.merge("killed holding a claim", claim.stillClaimed ? 1 : 0, Integer::sum);
                figures.merge("reports", deliveries.size(), Integer::sum);
                figures.merge("duplicates", duplicates, Integer::sum);
                figures.merge("lost", lost, Integer::sum);
                System.out.printf("cluster kill trial %d: killed %s (%s); deliveries %s; at the sink %s%n", trial, victim.name,
                    claim.stillClaimed ? "holding a claim" : "after marking its reports sent", describe(deliveries), perKey);

                for (Map.Entry<String, String[]> delivery : deliveries.entrySet()) {
                    if (claim.heldByVictim.contains(delivery.getKey())) {
                        assertThat(delivery.getValue()[0]).as("%s, held by the killed node, was sent by the survivor", delivery.getKey())
                            .startsWith(survivor.name + "/");
                        assertThat(perKey.getOrDefault(delivery.getKey(), 0L)).as(delivery.getKey()).isGreaterThanOrEqualTo(1L);
                    }
                }
                before.addAll(deliveries.keySet());
                if (trial < trials) {
                    victim.start();
                    victim.awaitReady();
                }
            }
        }
        System.out.println("cluster kill figures: " + figures);
    }

    /**
     * Rows a node counted are in its memory until its next poll (1 s here). A node stopped with SIGTERM writes them
     * as James stops; a killed one loses them, and the mail its spool (in memory) had accepted but not yet counted.
     */
    @Test
    void aNodeStoppedWithCountedRowsInMemoryLosesNoneAndAKilledOneOnlyItsLastPoll() throws Exception {
        String database = newDatabase();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(zone());
             SmtpSink sink = new SmtpSink(true);
             ClusterNode stopped = node("mx-a", database, dns, sink);
             ClusterNode killed = node("mx-b", database, dns, sink)) {
            stopped.start();
            killed.start();
            stopped.awaitReady();
            killed.awaitReady();

            int messages = 30;
            for (int i = 0; i < messages; i++) {
                assertThat(stopped.send(SOURCES.get(i % 4), "news@alpha.example", "stop." + i + "@cluster.test")).startsWith("250");
                assertThat(killed.send(SOURCES.get(i % 4), "news@beta.example", "kill." + i + "@cluster.test")).startsWith("250");
            }
            killed.kill();
            assertThat(stopped.stop()).isTrue();
            stopped.start();
            stopped.awaitReady();

            SentReports reports = awaitCounts(sink, Map.of("alpha.example", (long) messages), stopped);
            Thread.sleep(5_000);
            reports = SentReports.of(sink);
            long lost = messages - reports.messages("beta.example");
            System.out.printf("cluster stop and kill: SIGTERM node sent %d, counted %d; SIGKILL node sent %d, counted %d (lost %d)%n",
                messages, reports.messages("alpha.example"), messages, reports.messages("beta.example"), lost);
            assertThat(reports.messages("alpha.example")).as("SIGTERM loses nothing").isEqualTo(messages);
            assertThat(reports.duplicates()).isZero();
        }
    }

    /** The report database stopped while both nodes take mail, then started: mail keeps flowing, every count arrives. */
    @Test
    void whenTheReportDatabaseRestartsBothNodesKeepTakingMailAndWriteTheirRowsAfterItReturns() throws Exception {
        Path pgData = folder.resolve("postgres");
        int port = RunProcess.freePort();
        EmbeddedPostgres restarting = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
        try (Connection connection = restarting.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE reports");
        }
        String database = "jdbc:postgresql://localhost:" + port + "/reports";
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(zone());
             SmtpSink sink = new SmtpSink(true);
             ClusterNode a = node("mx-a", database, dns, sink);
             ClusterNode b = node("mx-b", database, dns, sink)) {
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            Map<String, Long> sent = new HashMap<>();
            int n = 0;
            for (String phase : List.of("before", "during")) {
                if (phase.equals("during")) {
                    Thread.sleep(3_000);
                    restarting.close();
                }
                for (int i = 0; i < 10; i++, n++) {
                    assertThat(a.send(SOURCES.get(i % 4), "news@alpha.example", phase + ".a." + i + "@cluster.test")).as(phase).startsWith("250");
                    assertThat(b.send(SOURCES.get(i % 4), "news@beta.example", phase + ".b." + i + "@cluster.test")).as(phase).startsWith("250");
                    sent.merge("alpha.example", 1L, Long::sum);
                    sent.merge("beta.example", 1L, Long::sum);
                }
            }
            Thread.sleep(15_000);
            restarting = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();

            SentReports reports = awaitCounts(sink, sent, a, b);
            Thread.sleep(5_000);
            reports = SentReports.of(sink);
            System.out.printf("cluster database restart: sent %s; counted alpha %d, beta %d; %d reports, %d duplicates%n", sent,
                reports.messages("alpha.example"), reports.messages("beta.example"), reports.all().size(), reports.duplicates());
            assertThat(reports.messages("alpha.example")).isEqualTo(20L);
            assertThat(reports.messages("beta.example")).isEqualTo(20L);
            assertThat(reports.duplicates()).isZero();
        } finally {
            restarting.close();
        }
    }

    /** The node that claimed the first report of a new interval, and which reports it held when it was seen. */
    private static final class Claim {
        final String node;
        final boolean stillClaimed;
        final Set<String> heldByVictim;

        Claim(String node, boolean stillClaimed, Set<String> heldByVictim) {
            this.node = node;
            this.stillClaimed = stillClaimed;
            this.heldByVictim = heldByVictim;
        }
    }

    /**
     * Watches the deliveries of intervals not seen {@code before} until one is claimed (or already sent: the round
     * was faster than this loop), as closely as the database allows.
     */
    private static Claim awaitClaim(Connection db, Set<String> before, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String[]> deliveries = deliveries(db, before);
            for (String[] delivery : deliveries.values()) {
                if (delivery[0] != null) {
                    String node = delivery[0].substring(0, delivery[0].indexOf('/'));
                    Set<String> held = new HashSet<>();
                    deliveries.forEach((key, value) -> {
                        if ("claimed".equals(value[1]) && value[0] != null && value[0].startsWith(node + "/")) {
                            held.add(key);
                        }
                    });
                    return new Claim(node, !held.isEmpty(), held);
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no report was claimed in " + limit);
    }

    private static Map<String, String[]> awaitAllSent(Connection db, Set<String> before, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, String[]> deliveries = deliveries(db, before);
        while (System.nanoTime() < deadline) {
            deliveries = deliveries(db, before);
            if (!deliveries.isEmpty() && deliveries.values().stream().allMatch(delivery -> delivery[1].equals("sent"))) {
                return deliveries;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not every report was sent in " + limit + ": " + describe(deliveries));
    }

    /** The deliveries not in {@code before}, by (policy domain, interval, destination): {claimed_by, state}. */
    private static Map<String, String[]> deliveries(Connection db, Set<String> before) throws Exception {
        Map<String, String[]> deliveries = new LinkedHashMap<>();
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT policy_domain, interval_begin, destination, claimed_by, state "
                 + "FROM dmarc_report_delivery ORDER BY interval_begin, policy_domain")) {
            while (rows.next()) {
                String destination = rows.getString(3).replaceFirst("^mailto:", "");
                String key = rows.getString(1) + " " + rows.getLong(2) + " -> " + destination;
                if (!before.contains(key)) {
                    deliveries.put(key, new String[] {rows.getString(4), rows.getString(5)});
                }
            }
        } catch (java.sql.SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        return deliveries;
    }

    private static String describe(Map<String, String[]> deliveries) {
        StringBuilder text = new StringBuilder();
        deliveries.forEach((key, value) -> text.append(key).append(": ").append(value[1]).append(" by ").append(value[0]).append("; "));
        return text.toString();
    }

    private static SentReports awaitCounts(SmtpSink sink, Map<String, Long> sent, ClusterNode... nodes) throws Exception {
        long deadline = System.nanoTime() + REPORTS_LIMIT.toNanos();
        SentReports reports = SentReports.of(sink);
        while (System.nanoTime() < deadline) {
            reports = SentReports.of(sink);
            SentReports current = reports;
            if (sent.entrySet().stream().allMatch(domain -> current.messages(domain.getKey()) >= domain.getValue())) {
                return reports;
            }
            Thread.sleep(500);
        }
        StringBuilder logs = new StringBuilder();
        for (ClusterNode node : nodes) {
            logs.append(node.logTail()).append('\n');
        }
        throw new AssertionError("the reports did not count every message in " + REPORTS_LIMIT + ": " + reports.perKey()
            + "\n" + logs);
    }
}
