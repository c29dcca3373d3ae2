package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * Sustained SMTP load on a real James 3.8.1 (issue 9, docs/performance.md): the same DKIM-signed, SPF- and
 * DMARC-passing message sent by {@code mailauth.load.clients} SMTP sessions for {@code mailauth.load.seconds}, first
 * to James with the sample configuration minus the pack (the baseline), then with the pack (every check, the
 * Authentication-Results field, DMARC report collection), then with the pack and its SMTP hook (the checks at the end
 * of DATA, issue 16). Throughput is messages delivered to the mailboxes per second from the first message sent to the
 * last one delivered; the pack's latency in the container is read from James's own timers (James times every mailet
 * and matcher), the SMTP transaction time (MAIL FROM to the reply to the end of DATA) by the clients. Nothing is
 * asserted about time (figures vary with the machine); every message must be delivered.
 */
class LoadIT {

    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("mailauth.load.seconds", 8));
    private static final int CLIENTS = Integer.getInteger("mailauth.load.clients", 8);
    private static final int WARM_UP = Integer.getInteger("mailauth.load.warmup", 200);
    private static final int ROUNDS = Integer.getInteger("mailauth.load.rounds", 1);
    private static final int USERS = 64;
    private static final String[] PACK_TIMERS = {"AuthenticationResults", "DMARCReports", "DMARCReportBounces"};

    private static KeyPair dkimKeys;
    private static String message;
    private static Level logLevel;

    @BeforeAll
    static void prepare() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        dkimKeys = generator.generateKeyPair();
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 48; line++) {
            body.append("Line ").append(line).append(" of a newsletter of about three kilobytes, sent again and again.\r\n");
        }
        String unsigned = "From: News <news@aligned.example>\r\nTo: <subscribers@" + JamesHarness.DOMAIN + ">\r\n"
            + "Subject: load\r\nDate: Sun, 29 Nov 2026 05:00:00 +0000\r\nMessage-ID: <load@aligned.example>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body;
        message = Dkimpy.sign(unsigned, "aligned.example", "s1", dkimKeys) + unsigned;
        Logger packLogger = (Logger) LoggerFactory.getLogger("org.mailauth");
        logLevel = packLogger.getLevel();
        packLogger.setLevel(Level.INFO);
    }

    @AfterAll
    static void restoreLogging() {
        ((Logger) LoggerFactory.getLogger("org.mailauth")).setLevel(logLevel);
    }

    /** The sample minus everything of the pack: its matchers, the mailets that use them, its own mailets. */
    static String sampleWithoutThePack() {
        String xml = JamesHarness.sampleMailetContainer();
        for (String name : new String[] {"sender-not-forged", "dmarc-reject-local", "dmarc-quarantine-local", "spf-fail-local"}) {
            xml = Pattern.compile("<matcher name=\"" + name + "\".*?</matcher>", Pattern.DOTALL).matcher(xml).replaceAll("");
        }
        xml = xml.replace("match=\"sender-not-forged\"", "match=\"All\"");
        xml = Pattern.compile("<mailet match=\"(dmarc-reject-local|dmarc-quarantine-local|spf-fail-local)\".*?</mailet>", Pattern.DOTALL)
            .matcher(xml).replaceAll("");
        xml = Pattern.compile("<mailet [^>]*class=\"org\\.mailauth[^\"]*\"\\s*/>").matcher(xml).replaceAll("");
        xml = Pattern.compile("<mailet [^>]*class=\"org\\.mailauth[^\"]*\"\\s*>.*?</mailet>", Pattern.DOTALL).matcher(xml).replaceAll("");
        xml = xml.replaceAll("(?s)<!--.*?-->", "");
        if (xml.contains("org.mailauth") || !xml.contains("LocalDelivery")) {
            throw new IllegalStateException("the sample changed: the pack could not be taken out of it");
        }
        return xml;
    }

    /** James alone; James with the pack's mailets and matchers; James with them and the pack's SMTP hook. */
    private enum Setup { WITHOUT_PACK, PACK, PACK_AND_HOOK }

    @Test
    void sustainedThroughputWithAndWithoutThePack() throws Exception {
        StringBuilder rows = new StringBuilder();
        StringBuilder transactions = new StringBuilder();
        List<Double> ratios = new ArrayList<>();
        List<Double> hookRatios = new ArrayList<>();
        Run baseline = null;
        Run pack = null;
        Run hooked = null;
        for (int round = 1; round <= ROUNDS; round++) {
            baseline = run(Setup.WITHOUT_PACK);
            pack = run(Setup.PACK);
            hooked = run(Setup.PACK_AND_HOOK);
            ratios.add(pack.perSecond() / baseline.perSecond());
            hookRatios.add(hooked.perSecond() / baseline.perSecond());
            rows.append(String.format(Locale.ROOT, "| %d | %d in %.1f s | %.0f | %d in %.1f s | %.0f | %.0f%% | %.1f%% | %d in %.1f s | %.0f | %.0f%% |%n",
                round, baseline.messages, baseline.seconds, baseline.perSecond(), pack.messages, pack.seconds, pack.perSecond(),
                100 * pack.perSecond() / baseline.perSecond(), 100 * pack.packShare, hooked.messages, hooked.seconds, hooked.perSecond(),
                100 * hooked.perSecond() / baseline.perSecond()));
            transactions.append(String.format(Locale.ROOT, "| %d | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %+.2f / %+.2f |%n", round,
                baseline.transactionMillis(50), baseline.transactionMillis(99), pack.transactionMillis(50), pack.transactionMillis(99),
                hooked.transactionMillis(50), hooked.transactionMillis(99), hooked.transactionMillis(50) - pack.transactionMillis(50),
                hooked.transactionMillis(99) - pack.transactionMillis(99)));
            assertThat(baseline.lost).as("messages lost without the pack").isZero();
            assertThat(pack.lost).as("messages lost with the pack").isZero();
            assertThat(hooked.lost).as("messages lost with the pack and its SMTP hook").isZero();
        }
        ratios.sort(null);
        hookRatios.sort(null);

        String report = String.format(Locale.ROOT, "%d SMTP clients, %d mailboxes, %d s per run after %d warm-up messages.%n%n"
            + "| Round | Without the pack | Delivered/s | With the pack | Delivered/s | With / without | Pack's share of spool time "
            + "| With the pack and its SMTP hook | Delivered/s | With hook / without |%n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n%s%n"
            + "Median: the pack keeps %.0f%% of James's throughput; with its SMTP hook, %.0f%%.%n%n"
            + "SMTP transaction (MAIL FROM to the reply to the end of DATA), median / p99 in ms:%n%n"
            + "| Round | Without the pack | With the pack | With the pack and its SMTP hook | Added by the hook |%n"
            + "|---:|---:|---:|---:|---:|%n%s%n"
            + "James's timers, last run without the pack:%n%n%s%nJames's timers, last run with the pack:%n%n%s"
            + "%nJames's timers, last run with the pack and its SMTP hook:%n%n%s",
            CLIENTS, USERS, DURATION.getSeconds(), WARM_UP, rows, 100 * ratios.get(ratios.size() / 2),
            100 * hookRatios.get(hookRatios.size() / 2), transactions, baseline.timers, pack.timers, hooked.timers);
        System.out.println(report);
        Path out = Path.of("target", "load-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static Run run(Setup setup) throws Exception {
        JamesHarness.Builder builder = JamesHarness.builder().zone(Zone.builder()
            .txt("aligned.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.aligned.example", "v=DMARC1; p=reject; rua=mailto:dmarc@aligned.example")
            .longTxt("s1._domainkey.aligned.example", Dkimpy.record(dkimKeys))
            .build());
        if (setup == Setup.WITHOUT_PACK) {
            builder.withoutPack(sampleWithoutThePack());
        }
        if (setup == Setup.PACK_AND_HOOK) {
            builder.authenticationHook("");
        }
        try (JamesHarness james = builder.start()) {
            for (int user = 0; user < USERS; user++) {
                james.addUser(user(user), "pw");
            }
            long warmUp = send(james, WARM_UP / CLIENTS, Duration.ofMinutes(5), new ConcurrentLinkedQueue<>());
            awaitDelivered(warmUp, Duration.ofMinutes(5));

            Queue<Long> transactionNanos = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            long accepted = send(james, Integer.MAX_VALUE, DURATION, transactionNanos);
            awaitDelivered(warmUp + accepted, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            long lost = warmUp + accepted - inMailboxes(james);
            double packShare = 0;
            if (setup != Setup.WITHOUT_PACK) {
                double pack = 0;
                for (String timer : PACK_TIMERS) {
                    pack += total(timer);
                }
                packShare = pack / total("spoolProcessing");
            }
            return new Run(accepted, seconds, lost, timers(), packShare, transactionNanos);
        }
    }

    private static String user(int index) {
        return "load" + index + "@" + JamesHarness.DOMAIN;
    }

    /**
     * Each client sends on one SMTP session until {@code perClient} messages or {@code duration}; the number accepted.
     * The time of each transaction goes to {@code transactionNanos}.
     */
    private static long send(JamesHarness james, int perClient, Duration duration, Queue<Long> transactionNanos) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int index = client;
                sent.add(clients.submit(() -> {
                    long count = 0;
                    try (SmtpClient smtp = james.smtpFrom("192.0.2." + (10 + index))) {
                        smtp.ehlo("mta" + index + ".aligned.example");
                        while (count < perClient && System.nanoTime() < deadline) {
                            long begin = System.nanoTime();
                            smtp.send("bounces@aligned.example", user((int) ((index + count * CLIENTS) % USERS)), message);
                            transactionNanos.add(System.nanoTime() - begin);
                            count++;
                        }
                    }
                    return count;
                }));
            }
            long total = 0;
            for (Future<Long> count : sent) {
                total += count.get();
            }
            return total;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Waits until James's LocalDelivery mailet (timed by James) has run {@code expected} times. */
    private static void awaitDelivered(long expected, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && localDeliveries() < expected) {
            Thread.sleep(50);
        }
    }

    /** James registers a timer on its first use: none yet means no delivery yet. */
    private static long localDeliveries() throws Exception {
        try {
            return ((Number) JamesHarness.timer("LocalDelivery", "Count")).longValue();
        } catch (javax.management.InstanceNotFoundException e) {
            return 0;
        }
    }

    /** The messages in every mailbox, read over IMAP. */
    private static long inMailboxes(JamesHarness james) throws IOException {
        long total = 0;
        for (int user = 0; user < USERS; user++) {
            try (TestIMAPClient imap = james.imap(user(user), "pw")) {
                total += imap.getMessageCount(TestIMAPClient.INBOX);
            }
        }
        return total;
    }

    private static double total(String timer) throws Exception {
        return ((Number) JamesHarness.timer(timer, "Count")).longValue() * number(timer, "Mean");
    }

    /**
     * Every timer of James's metrics (James times each mailet and matcher by class name), busiest first: count, mean
     * and percentiles in milliseconds, over warm-up and run.
     */
    private static String timers() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        List<String> names = new ArrayList<>();
        for (javax.management.ObjectName name : server.queryNames(new javax.management.ObjectName("metrics:type=timers,*"), null)) {
            names.add(name.getKeyProperty("name"));
        }
        List<String[]> rows = new ArrayList<>();
        for (String name : names) {
            long count = ((Number) JamesHarness.timer(name, "Count")).longValue();
            double mean = number(name, "Mean");
            rows.add(new String[] {String.format(Locale.ROOT, "%012.1f", count * mean), String.format(Locale.ROOT,
                "| %s%s | %d | %.3f | %.3f | %.3f | %.3f | %.0f |", name, isPack(name) ? " (pack)" : "", count, mean,
                number(name, "50thPercentile"), number(name, "95thPercentile"), number(name, "99thPercentile"), count * mean)});
        }
        rows.sort((a, b) -> b[0].compareTo(a[0]));
        StringBuilder table = new StringBuilder("| Timer | Count | Mean | Median | p95 | p99 | Total ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        rows.stream().limit(25).forEach(row -> table.append(row[1]).append('\n'));
        return table.toString();
    }

    private static boolean isPack(String timer) {
        return List.of(PACK_TIMERS).contains(timer);
    }

    private static double number(String timer, String attribute) throws Exception {
        return ((Number) JamesHarness.timer(timer, attribute)).doubleValue();
    }

    private static final class Run {
        final long messages;
        final double seconds;
        final long lost;
        final String timers;
        final double packShare;
        final List<Long> transactionNanos;

        Run(long messages, double seconds, long lost, String timers, double packShare, Collection<Long> transactionNanos) {
            this.messages = messages;
            this.seconds = seconds;
            this.lost = lost;
            this.timers = timers;
            this.packShare = packShare;
            this.transactionNanos = new ArrayList<>(transactionNanos);
            this.transactionNanos.sort(null);
        }

        /** The {@code percentile}th transaction time, in milliseconds. */
        double transactionMillis(int percentile) {
            if (transactionNanos.isEmpty()) {
                return 0;
            }
            int index = Math.min(transactionNanos.size() - 1, (int) Math.ceil(percentile / 100.0 * transactionNanos.size()) - 1);
            return transactionNanos.get(Math.max(0, index)) / 1e6;
        }

        double perSecond() {
            return messages / seconds;
        }
    }
}
