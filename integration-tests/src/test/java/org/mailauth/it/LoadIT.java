package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Authentication-Results field, DMARC report collection). Throughput is messages delivered to the mailboxes per second
 * from the first message sent to the last one delivered; the pack's latency is read from James's own timers (James
 * times every mailet and matcher; the first pack mailet, AuthenticationResults, does the SPF, DKIM and DMARC work).
 * Nothing is asserted about time (figures vary with the machine); every message must be delivered.
 */
class LoadIT {

    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("mailauth.load.seconds", 8));
    private static final int CLIENTS = Integer.getInteger("mailauth.load.clients", 8);
    private static final int WARM_UP = Integer.getInteger("mailauth.load.warmup", 200);
    private static final String[] PACK_TIMERS = {"AuthenticationResults", "DMARCReports", "DMARCReportBounces", "Not", "And"};

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

    @Test
    void sustainedThroughputWithAndWithoutThePack() throws Exception {
        Run baseline = run(false);
        Run pack = run(true);

        String report = String.format(Locale.ROOT, "| Configuration | Messages | Seconds | Delivered/s | SMTP accepted/s |%n|---|---:|---:|---:|---:|%n"
            + "| James 3.8.1, sample without the pack | %d | %.1f | %.0f | %.0f |%n"
            + "| James 3.8.1, sample with the pack | %d | %.1f | %.0f | %.0f |%n%n"
            + "Throughput with the pack: %.0f%% of James alone (%d clients, %d s).%n%n%s",
            baseline.messages, baseline.seconds, baseline.perSecond(), baseline.acceptedPerSecond(),
            pack.messages, pack.seconds, pack.perSecond(), pack.acceptedPerSecond(),
            100 * pack.perSecond() / baseline.perSecond(), CLIENTS, DURATION.getSeconds(), pack.timers);
        System.out.println(report);
        Path out = Path.of("target", "load-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);

        assertThat(baseline.lost).as("messages lost without the pack").isZero();
        assertThat(pack.lost).as("messages lost with the pack").isZero();
    }

    private static Run run(boolean withPack) throws Exception {
        JamesHarness.Builder builder = JamesHarness.builder().zone(Zone.builder()
            .txt("aligned.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.aligned.example", "v=DMARC1; p=reject; rua=mailto:dmarc@aligned.example")
            .longTxt("s1._domainkey.aligned.example", Dkimpy.record(dkimKeys))
            .build());
        if (!withPack) {
            builder.withoutPack(sampleWithoutThePack());
        }
        try (JamesHarness james = builder.start()) {
            for (int client = 0; client < CLIENTS; client++) {
                james.addUser(user(client), "pw");
            }
            send(james, WARM_UP / CLIENTS, Duration.ofMinutes(5));
            awaitDelivered(james, (WARM_UP / CLIENTS) * CLIENTS, Duration.ofMinutes(5));
            long warmTimerCount = withPack ? ((Number) JamesHarness.timer("AuthenticationResults", "Count")).longValue() : 0;

            long start = System.nanoTime();
            long accepted = send(james, Integer.MAX_VALUE, DURATION);
            double acceptSeconds = (System.nanoTime() - start) / 1e9;
            long expected = (WARM_UP / CLIENTS) * CLIENTS + accepted;
            long delivered = awaitDelivered(james, expected, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            String timers = withPack ? timers(warmTimerCount, accepted) : "";
            return new Run(accepted, seconds, acceptSeconds, expected - delivered, timers);
        }
    }

    private static String user(int client) {
        return "load" + client + "@" + JamesHarness.DOMAIN;
    }

    /** Each client sends on one SMTP session until {@code perClient} messages or {@code duration}; the number accepted. */
    private static long send(JamesHarness james, int perClient, Duration duration) throws Exception {
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
                            smtp.send("bounces@aligned.example", user(index), message);
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

    private static long awaitDelivered(JamesHarness james, long expected, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long delivered = 0;
        while (System.nanoTime() < deadline) {
            delivered = delivered(james);
            if (delivered >= expected) {
                return delivered;
            }
            Thread.sleep(100);
        }
        return delivered;
    }

    private static long delivered(JamesHarness james) throws IOException {
        long total = 0;
        for (int client = 0; client < CLIENTS; client++) {
            try (TestIMAPClient imap = james.imap(user(client), "pw")) {
                total += imap.getMessageCount(TestIMAPClient.INBOX);
            }
        }
        return total;
    }

    private static String timers(long warmCount, long accepted) throws Exception {
        StringBuilder table = new StringBuilder("James's timers of the pack's mailets and matchers (ms, over warm-up and run):%n%n"
            + "| Timer | Count | Median | p95 | p99 | Max |%n|---|---:|---:|---:|---:|---:|%n");
        for (String name : PACK_TIMERS) {
            try {
                table.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", name,
                    ((Number) JamesHarness.timer(name, "Count")).longValue(), number(name, "50thPercentile"),
                    number(name, "95thPercentile"), number(name, "99thPercentile"), number(name, "Max")));
            } catch (javax.management.InstanceNotFoundException e) {
                table.append("| ").append(name).append(" | not registered | | | | |%n");
            }
        }
        return String.format(table.toString()) + String.format(Locale.ROOT, "%nAuthenticationResults ran %d times during the measured run (%d messages).%n",
            ((Number) JamesHarness.timer("AuthenticationResults", "Count")).longValue() - warmCount, accepted);
    }

    private static double number(String timer, String attribute) throws Exception {
        return ((Number) JamesHarness.timer(timer, attribute)).doubleValue();
    }

    private static final class Run {
        final long messages;
        final double seconds;
        final double acceptSeconds;
        final long lost;
        final String timers;

        Run(long messages, double seconds, double acceptSeconds, long lost, String timers) {
            this.messages = messages;
            this.seconds = seconds;
            this.acceptSeconds = acceptSeconds;
            this.lost = lost;
            this.timers = timers;
        }

        double perSecond() {
            return messages / seconds;
        }

        double acceptedPerSecond() {
            return messages / acceptSeconds;
        }
    }
}
