package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * DMARC (RFC 9989) in a real James 3.8.1 with the sample configuration, each scenario checked where the sample
 * puts the mail: the INBOX, the Spam folder, or the dmarc-reject repository. Every recipient is a mailbox of
 * its own, so the scenarios do not see each other's mail.
 */
class DmarcIT {

    private static final String REJECTED = "memory://var/mail/dmarc-reject/";
    private static final String FORWARDERS = "203.0.113.0/24";
    /** Twelve characters: dkimpy then folds the DKIM-Signature just before "from" in its h= tag. */
    private static final String FOLDED_SELECTOR = "folded-h2026";

    private static JamesHarness james;
    private static KeyPair dkimKeys;

    @BeforeAll
    static void startJames() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        dkimKeys = generator.generateKeyPair();
        james = JamesHarness.builder()
            .zone(Zone.builder()
                .txt("aligned.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.aligned.example", "v=DMARC1; p=reject; rua=mailto:dmarc@aligned.example")
                .txt("_dmarc.signed.example", "v=DMARC1; p=reject")
                .longTxt("s1._domainkey.signed.example", Dkimpy.record(dkimKeys))
                .longTxt(FOLDED_SELECTOR + "._domainkey.signed.example", Dkimpy.record(dkimKeys))
                .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
                .txt("_dmarc.parent.example", "v=DMARC1; p=none; sp=quarantine; np=reject")
                .a("www.parent.example", "192.0.2.80")
                .txt("_dmarc.testing.example", "v=DMARC1; p=reject; t=y")
                .txt("_dmarc.partner.example", "v=DMARC1; p=reject")
                .fault("_dmarc.slow.example", Zone.Fault.SILENT)
                .build())
            .properties("dmarc.trusted-forwarders=" + FORWARDERS + "\ndmarc.exempt-author-domains=partner.example\n")
            .start();
        for (String user : new String[] {"aligned", "dkim", "reject", "quarantine", "sub", "ghost", "nopolicy", "testing",
            "forwarded", "slow", "injected", "exempt", "folded", "continued"}) {
            james.addUser(user + "@" + JamesHarness.DOMAIN, "pw");
        }
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    private static String message(String from, String user) {
        return "From: " + from + "\r\nTo: " + user + "@" + JamesHarness.DOMAIN + "\r\nSubject: dmarc " + user
            + "\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <" + user + "@dmarc.test>\r\n\r\nHello.\r\n";
    }

    private static void send(String clientIp, String mailFrom, String user, String message) throws Exception {
        try (SmtpClient smtp = james.smtpFrom(clientIp)) {
            smtp.ehlo("client.example.net").send(mailFrom, user + "@" + JamesHarness.DOMAIN, message);
        }
    }

    private static String headersIn(String user, String mailbox) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            imap.select(mailbox).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(60)));
            return imap.readFirstMessageHeaders().replaceAll("\r\n[ \t]+", " ");
        }
    }

    private static long inInbox(String user) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            return imap.getMessageCount(TestIMAPClient.INBOX);
        }
    }

    @Test
    void alignedSpfPassIsDeliveredToTheInbox() throws Exception {
        send("192.0.2.10", "bounces@aligned.example", "aligned", message("News <news@aligned.example>", "aligned"));

        assertThat(headersIn("aligned", TestIMAPClient.INBOX))
            .contains("spf=pass smtp.mailfrom=bounces@aligned.example")
            .contains("dmarc=pass header.from=aligned.example policy.dmarc=none");
    }

    @Test
    void anAlignedDkimSignatureAlonePasses() throws Exception {
        String unsigned = message("Shop <orders@signed.example>", "dkim");
        String signed = Dkimpy.sign(unsigned, "signed.example", "s1", dkimKeys) + unsigned;

        send("198.51.100.2", "bounce-123@esp.example", "dkim", signed);

        assertThat(headersIn("dkim", TestIMAPClient.INBOX)).contains("dkim=pass header.d=signed.example")
            .contains("dmarc=pass header.from=signed.example");
    }

    @Test
    void aFromAddedAboveADkimSignedOneDoesNotPassAndTheSpoofIsNotDelivered() throws Exception {
        long before = james.mailsIn(REJECTED);
        String unsigned = message("Shop <orders@signed.example>", "injected");
        String signed = Dkimpy.sign(unsigned, "signed.example", "s1", dkimKeys) + unsigned;
        String injected = signed.replace("From: Shop", "From: Security <security@signed.example>\r\nFrom: Shop");

        send("198.51.100.12", "bounce-9@esp.example", "injected", injected);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.mailsIn(REJECTED) > before);
        assertThat(inInbox("injected")).isZero();
    }

    /**
     * RFC 5322 §2.2.3: a line that begins with WSP continues the field before it. dkimpy writes h= as "date : from : to
     * ..." and folds it so that a line of the signature begins with "from :"; that line is no From field.
     */
    @Test
    void aDkimSignatureFoldedBeforeFromInItsHeaderListPasses() throws Exception {
        String unsigned = message("Shop <orders@signed.example>", "folded");
        String signature = Dkimpy.sign(unsigned, "signed.example", FOLDED_SELECTOR, dkimKeys, "relaxed/relaxed",
            "date:from:to:subject:message-id");
        assertThat(signature).as("a line of the signature begins with from").contains("\r\n from : to :");

        send("198.51.100.2", "bounce-124@esp.example", "folded", signature + unsigned);

        assertThat(headersIn("folded", TestIMAPClient.INBOX)).contains("dkim=pass header.d=signed.example")
            .contains("dmarc=pass header.from=signed.example");
    }

    /** The same rule keeps a From field from hiding behind a folded line: the real From's p=reject applies. */
    @Test
    void aContinuationLineThatLooksLikeAFromFieldCannotEscapeARejectPolicy() throws Exception {
        long before = james.mailsIn(REJECTED);

        send("198.51.100.13", "ceo@aligned.example", "continued",
            "X-Note: x\r\n from : y\r\n" + message("CEO <ceo@aligned.example>", "continued"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.mailsIn(REJECTED) > before);
        assertThat(inInbox("continued")).isZero();
    }

    @Test
    void aSpoofOfAPRejectDomainIsKeptInTheRejectRepositoryNotDelivered() throws Exception {
        send("198.51.100.3", "ceo@aligned.example", "reject", message("CEO <ceo@aligned.example>", "reject"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.mailsIn(REJECTED) >= 1);
        assertThat(inInbox("reject")).isZero();
    }

    @Test
    void aSpoofOfAPQuarantineDomainGoesToTheSpamFolder() throws Exception {
        send("198.51.100.4", "billing@quarantine.example", "quarantine", message("billing@quarantine.example", "quarantine"));

        assertThat(headersIn("quarantine", "Spam"))
            .contains("dmarc=fail reason=\"p=quarantine\" header.from=quarantine.example policy.dmarc=quarantine");
        assertThat(inInbox("quarantine")).isZero();
    }

    @Test
    void anExistingSubdomainGetsTheSubdomainPolicy() throws Exception {
        send("198.51.100.5", "x@www.parent.example", "sub", message("x@www.parent.example", "sub"));

        assertThat(headersIn("sub", "Spam")).contains("dmarc=fail reason=\"sp=quarantine\" header.from=www.parent.example");
    }

    @Test
    void aNonExistentSubdomainGetsTheNpPolicy() throws Exception {
        long before = james.mailsIn(REJECTED);

        send("198.51.100.6", "x@ghost.parent.example", "ghost", message("x@ghost.parent.example", "ghost"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.mailsIn(REJECTED) > before);
        assertThat(inInbox("ghost")).isZero();
    }

    @Test
    void withoutAPolicyTheMailIsDeliveredWithDmarcNone() throws Exception {
        send("198.51.100.7", "someone@nopolicy.example", "nopolicy", message("someone@nopolicy.example", "nopolicy"));

        assertThat(headersIn("nopolicy", TestIMAPClient.INBOX)).contains("dmarc=none");
    }

    @Test
    void aDomainTestingItsRejectPolicyGetsQuarantineInstead() throws Exception {
        send("198.51.100.8", "x@testing.example", "testing", message("x@testing.example", "testing"));

        assertThat(headersIn("testing", "Spam"))
            .contains("dmarc=fail reason=\"p=reject; policy_test_mode\" header.from=testing.example policy.dmarc=quarantine");
    }

    @Test
    void aTrustedForwarderIsDeliveredDespiteTheRejectPolicy() throws Exception {
        send("203.0.113.5", "ceo@aligned.example", "forwarded", message("CEO <ceo@aligned.example>", "forwarded"));

        assertThat(headersIn("forwarded", TestIMAPClient.INBOX))
            .contains("dmarc=fail reason=\"p=reject; trusted_forwarder\" header.from=aligned.example policy.dmarc=none");
    }

    @Test
    void mailOfAnExemptDomainIsDeliveredDespiteItsRejectPolicy() throws Exception {
        send("198.51.100.13", "billing@eu.partner.example", "exempt", message("billing@eu.partner.example", "exempt"));

        assertThat(headersIn("exempt", TestIMAPClient.INBOX))
            .contains("local_policy\" header.from=eu.partner.example policy.dmarc=none")
            .containsPattern("dmarc=fail reason=\"[a-z]*p=reject; local_policy\"");
    }

    @Test
    void aDnsTimeoutIsATemperrorAndTheMailIsDelivered() throws Exception {
        send("198.51.100.9", "x@slow.example", "slow", message("x@slow.example", "slow"));

        assertThat(headersIn("slow", TestIMAPClient.INBOX)).contains("dmarc=temperror");
    }
}
