package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * Mail signed by several domains at once (an ESP and the author domain, and more) in a real James under concurrent
 * SMTP load: every valid signature passes (RFC 6376 §6), whichever thread answers its key. dkimpy signs with
 * relaxed/simple and rsa-sha256, so the signatures of a message share one body hash; the keys are published with TTL 0,
 * so each message's key lookups really go to the DNS server and complete while the message is being verified.
 */
class MultiSignatureIT {

    private static final int CLIENTS = Integer.getInteger("mailauth.multisig.clients", 8);
    private static final int PER_CLIENT = Integer.getInteger("mailauth.multisig.messages", 300);
    private static final int MIN_SIGNATURES = 4;
    private static final int MAX_SIGNATURES = 8;
    private static final Pattern SUBJECT = Pattern.compile("Subject: (\\d) signatures");

    private static JamesHarness james;
    private static final List<String> messages = new ArrayList<>();
    private static Level logLevel;

    @BeforeAll
    static void startJames() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Zone.Builder zone = Zone.builder().ttl(0)
            .txt("esp.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.d1.example", "v=DMARC1; p=none");
        for (int domain = 1; domain <= MAX_SIGNATURES; domain++) {
            zone.longTxt("s" + domain + "._domainkey.d" + domain + ".example", Dkimpy.record(keys));
        }
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 32; line++) {
            body.append("Line ").append(line).append(" of a newsletter that its author and its ESPs all sign.\r\n");
        }
        for (int signatures = MIN_SIGNATURES; signatures <= MAX_SIGNATURES; signatures++) {
            String message = "From: News <news@d1.example>\r\nTo: <readers@" + JamesHarness.DOMAIN + ">\r\n"
                + "Subject: " + signatures + " signatures\r\nDate: Sun, 29 Nov 2026 05:00:00 +0000\r\n"
                + "Message-ID: <multi-" + signatures + "@d1.example>\r\n\r\n" + body;
            for (int domain = 1; domain <= signatures; domain++) {
                message = Dkimpy.sign(message, "d" + domain + ".example", "s" + domain, keys, "relaxed/simple") + message;
            }
            messages.add(message);
        }
        Logger packLogger = (Logger) LoggerFactory.getLogger("org.mailauth");
        logLevel = packLogger.getLevel();
        packLogger.setLevel(Level.INFO);
        james = JamesHarness.builder().zone(zone.build()).start();
        for (int client = 0; client < CLIENTS; client++) {
            james.addUser(user(client), "pw");
        }
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
        ((Logger) LoggerFactory.getLogger("org.mailauth")).setLevel(logLevel);
    }

    private static String user(int client) {
        return "multi" + client + "@" + JamesHarness.DOMAIN;
    }

    @Test
    void everyValidSignatureOfEveryMessagePasses() throws Exception {
        sendFromEveryClient();

        List<String> problems = new ArrayList<>();
        int checked = 0;
        int failedMessages = 0;
        for (int client = 0; client < CLIENTS; client++) {
            try (TestIMAPClient imap = james.imap(user(client), "pw")) {
                imap.select(TestIMAPClient.INBOX).awaitMessageCount(Awaitility.await().atMost(Duration.ofMinutes(10)), PER_CLIENT);
                for (int number = 1; number <= PER_CLIENT; number++) {
                    String fields = imap.sendCommand("FETCH " + number + " (BODY.PEEK[HEADER.FIELDS (SUBJECT AUTHENTICATION-RESULTS)])")
                        .replaceAll("\r\n[ \t]+", " ");
                    Matcher subject = SUBJECT.matcher(fields);
                    if (!subject.find()) {
                        problems.add(user(client) + ", message " + number + " read back without its Subject: " + fields.trim());
                        continue;
                    }
                    checked++;
                    int signatures = Integer.parseInt(subject.group(1));
                    int problemsBefore = problems.size();
                    for (int domain = 1; domain <= signatures; domain++) {
                        if (!fields.contains("dkim=pass header.d=d" + domain + ".example")) {
                            problems.add(user(client) + ", " + signatures + " signatures, d" + domain + ".example: " + fields.trim());
                        }
                    }
                    if (!fields.contains("dmarc=pass header.from=d1.example")) {
                        problems.add(user(client) + ", " + signatures + " signatures, DMARC: " + fields.trim());
                    }
                    if (problems.size() > problemsBefore) {
                        failedMessages++;
                    }
                }
            }
        }

        assertThat(checked).as("messages read back").isEqualTo(CLIENTS * PER_CLIENT);
        assertThat(problems).as("%d of %d messages with a signature or DMARC that did not pass", failedMessages, checked).isEmpty();
    }

    /** Each client sends {@link #PER_CLIENT} messages on one SMTP session, cycling through 4 to 8 signatures. */
    private static void sendFromEveryClient() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int index = client;
                sent.add(clients.submit(() -> {
                    try (SmtpClient smtp = james.smtpFrom("192.0.2." + (10 + index))) {
                        smtp.ehlo("mta" + index + ".esp.example");
                        for (int count = 0; count < PER_CLIENT; count++) {
                            smtp.send("bounces@esp.example", user(index), messages.get((index + count) % messages.size()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : sent) {
                done.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
