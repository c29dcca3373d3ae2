package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailauth.it.SigningKeys.ALICE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * Faults injected into a running James 3.8.1 with the sample configuration (issue 9), every mail counted: where it
 * ended (INBOX, Spam, the dmarc-reject repository, the remote server) and how many were lost, which must be none.
 * DNS: a silent server, a slow one (2 s per answer), SERVFAIL and garbage. Signing keys: removed, made readable by
 * others, and restored while James runs. The pack's DNS timeout is 5 s here, so a 2 s answer is slow but in time.
 * Each scenario prints its row of the table in docs/reliability.md.
 */
class FaultInjectionIT {

    private static final String REJECTED = "memory://var/mail/dmarc-reject/";
    private static final int MAILS = 10;

    private static SigningKeys keys;
    private static JamesHarness james;
    private static CapturedLog log;
    private static final List<String> TABLE = new ArrayList<>();

    @BeforeAll
    static void startJames() throws Exception {
        log = CapturedLog.attach();
        keys = new SigningKeys();
        Zone.Builder zone = Zone.builder()
            .txt("aligned.example", "v=spf1 ip4:198.51.100.0/24 -all")
            .txt("_dmarc.aligned.example", "v=DMARC1; p=reject")
            .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine");
        for (Zone.Fault fault : Zone.Fault.values()) {
            String domain = faulty(fault);
            zone.fault(domain, fault).fault("_dmarc." + domain, fault).fault("s1._domainkey." + domain, fault);
        }
        james = keys.harness(zone).dnsTimeout(Duration.ofSeconds(5)).start();
        james.addUser(ALICE, "alicepw");
        for (String user : new String[] {"silent", "servfail", "garbage", "slow"}) {
            james.addUser(user + "@" + JamesHarness.DOMAIN, "pw");
        }
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
        if (log != null) {
            log.close();
        }
        System.out.println("| Fault | Sent | INBOX | Spam | Repository | Remote server | Lost |\n|---|---:|---:|---:|---:|---:|---:|\n"
            + String.join("\n", TABLE));
    }

    private static String faulty(Zone.Fault fault) {
        return fault.name().toLowerCase(java.util.Locale.ROOT) + ".example";
    }

    /** A DKIM-Signature whose key lookup is all that happens before the fault decides (RFC 6376 §6.1.2). */
    private static String signature(String domain) {
        return "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=s1; h=from:to:subject;\r\n"
            + " bh=" + Base64.getEncoder().encodeToString(new byte[32]) + "; b=" + Base64.getEncoder().encodeToString(new byte[256]) + "\r\n";
    }

    private static void send(String clientIp, String from, String user, String subject, String extraFields) throws Exception {
        String recipient = user + "@" + JamesHarness.DOMAIN;
        try (SmtpClient smtp = james.smtpFrom(clientIp)) {
            smtp.ehlo("client.example.net").send(from, recipient, extraFields + "From: " + from + "\r\nTo: " + recipient
                + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject + "@fault.test>\r\n\r\nHello.\r\n");
        }
    }

    private static long count(String user, String mailbox) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            return imap.list().stream().anyMatch(line -> line.contains("\"" + mailbox + "\"") || line.endsWith(" " + mailbox))
                ? imap.getMessageCount(mailbox) : 0;
        }
    }

    /** The Authentication-Results fields of every message in the mailbox, unfolded. */
    private static List<String> authenticationResults(String user, String mailbox) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            imap.select(mailbox);
            String reply = imap.sendCommand("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (AUTHENTICATION-RESULTS)])")
                .replaceAll("\r\n[ \t]+", " ");
            List<String> fields = new ArrayList<>();
            Matcher matcher = Pattern.compile("Authentication-Results: [^\r\n]*").matcher(reply);
            while (matcher.find()) {
                fields.add(matcher.group());
            }
            return fields;
        }
    }

    private static void row(String fault, long sent, long inbox, long spam, long repository, long remote) {
        long lost = sent - inbox - spam - repository - remote;
        TABLE.add("| " + fault + " | " + sent + " | " + inbox + " | " + spam + " | " + repository + " | " + remote + " | " + lost + " |");
        assertThat(lost).as("mails lost (" + fault + ")").isZero();
    }

    private void everyMailIsATemperrorDeliveredToTheInbox(Zone.Fault fault) throws Exception {
        String domain = faulty(fault);
        String user = fault.name().toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < MAILS; i++) {
            send("198.51.100." + (20 + i), "x@" + domain, user, user + "-" + i, signature(domain));
        }

        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
            .until(() -> count(user, TestIMAPClient.INBOX) + count(user, "Spam") >= MAILS);
        row(fault.name() + " for the sender's domain (SPF, DKIM key, DMARC)", MAILS, count(user, TestIMAPClient.INBOX),
            count(user, "Spam"), 0, 0);

        List<String> results = authenticationResults(user, TestIMAPClient.INBOX);
        assertThat(results).hasSize(MAILS).allSatisfy(field -> assertThat(field)
            .contains("spf=temperror").contains("dkim=temperror").contains("dmarc=temperror"));
    }

    @Test
    void aSilentDnsServerGivesTemperrorsAndEveryMailIsDelivered() throws Exception {
        everyMailIsATemperrorDeliveredToTheInbox(Zone.Fault.SILENT);
    }

    @Test
    void servfailGivesTemperrorsAndEveryMailIsDelivered() throws Exception {
        everyMailIsATemperrorDeliveredToTheInbox(Zone.Fault.SERVFAIL);
    }

    @Test
    void garbageAnswersGiveTemperrorsAndEveryMailIsDelivered() throws Exception {
        everyMailIsATemperrorDeliveredToTheInbox(Zone.Fault.GARBAGE);
    }

    @Test
    void aSlowDnsServerStillGivesTheRightVerdictsAndRouting() throws Exception {
        long rejectedBefore = james.mailsIn(REJECTED);
        james.dns().delay(Duration.ofSeconds(2));
        try {
            for (int i = 0; i < 4; i++) {
                send("198.51.100." + (40 + i), "news@aligned.example", "slow", "slow-aligned-" + i, "");
            }
            for (int i = 0; i < 3; i++) {
                send("192.0.2." + (40 + i), "ceo@aligned.example", "slow", "slow-spoof-" + i, "");
                send("192.0.2." + (50 + i), "billing@quarantine.example", "slow", "slow-quarantine-" + i, "");
            }

            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("slow", TestIMAPClient.INBOX) + count("slow", "Spam") + james.mailsIn(REJECTED) - rejectedBefore >= MAILS);
        } finally {
            james.dns().delay(Duration.ZERO);
        }
        long inbox = count("slow", TestIMAPClient.INBOX);
        long spam = count("slow", "Spam");
        long rejected = james.mailsIn(REJECTED) - rejectedBefore;
        row("every answer 2 s late", MAILS, inbox, spam, rejected, 0);

        assertThat(new long[] {inbox, spam, rejected}).containsExactly(4, 3, 3);
        assertThat(authenticationResults("slow", TestIMAPClient.INBOX)).allSatisfy(field -> assertThat(field)
            .contains("spf=pass").contains("dmarc=pass"));
        assertThat(authenticationResults("slow", "Spam")).allSatisfy(field -> assertThat(field)
            .contains("dmarc=fail reason=\"p=quarantine\""));
    }

    @Test
    void signingKeysRemovedOrMadeReadableByOthersFailSafeAndSayWhichKey() throws Exception {
        Path rsa = james.path("conf/dkim/" + JamesHarness.DOMAIN + "-rsa2026.private");
        Path ed25519 = james.path("conf/dkim/" + JamesHarness.DOMAIN + "-ed2026.private");
        List<String> secrets = secretsOf(rsa, ed25519);
        byte[] rsaKey = Files.readAllBytes(rsa);
        List<String> signatures = new ArrayList<>();

        signatures.addAll(submit("keys-ok", 3));
        Files.delete(rsa);
        signatures.addAll(submit("rsa-removed", 3));
        Files.write(rsa, rsaKey);
        Files.setPosixFilePermissions(rsa, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(ed25519, PosixFilePermissions.fromString("rw-r--r--"));
        signatures.addAll(submit("ed-readable-by-others", 3));
        Files.setPosixFilePermissions(ed25519, PosixFilePermissions.fromString("rw-------"));
        signatures.addAll(submit("keys-restored", 3));

        row("signing key removed, then another made readable by others, then both restored", 12, 0, 0, 0, signatures.size());
        assertThat(signatures).containsExactly(
            "rsa2026+ed2026", "rsa2026+ed2026", "rsa2026+ed2026",
            "ed2026", "ed2026", "ed2026",
            "rsa2026", "rsa2026", "rsa2026",
            "rsa2026+ed2026", "rsa2026+ed2026", "rsa2026+ed2026");
        assertThat(log.linesWith("DKIMSign")).anySatisfy(line -> assertThat(line)
            .contains("key '" + JamesHarness.DOMAIN + "-rsa2026'").contains("rsa2026.private").contains("does not exist"));
        assertThat(log.linesWith("DKIMSign")).anySatisfy(line -> assertThat(line)
            .contains("key '" + JamesHarness.DOMAIN + "-ed2026'").contains("can be read by others"));
        for (String line : log.lines()) {
            assertThat(secrets).as("no private key in the log").noneMatch(line::contains);
        }
    }

    /** Alice submits {@code n} messages to remote recipients; the selectors of each relayed message's signatures. */
    private static List<String> submit(String phase, int n) throws Exception {
        List<String> selectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sent = SigningKeys.submitAndCapture(james, phase + "-" + i, "Content-Type: text/plain\r\n\r\nHi.\r\n");
            List<String> found = new ArrayList<>();
            Matcher matcher = Pattern.compile("DKIM-Signature: [^\r\n]*? s=([a-z0-9]+);").matcher(sent);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
            selectors.add(found.isEmpty() ? "unsigned" : String.join("+", found));
        }
        return selectors;
    }

    /** Runs of 16 characters of the keys' base64 text: none may appear in any log line. */
    private static List<String> secretsOf(Path... files) throws Exception {
        List<String> secrets = new ArrayList<>();
        for (Path file : files) {
            String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            for (int i = 0; i + 16 <= body.length(); i += 8) {
                secrets.add(body.substring(i, i + 16));
            }
        }
        return secrets;
    }
}
