package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailauth.it.ArcMailingLists.SHOP;
import static org.mailauth.it.ArcMailingLists.SHOP_IP;
import static org.mailauth.it.ArcMailingLists.TRUSTED_LIST;
import static org.mailauth.it.ArcMailingLists.TRUSTED_LIST_IP;
import static org.mailauth.it.ArcMailingLists.UNTRUSTED_LIST;
import static org.mailauth.it.ArcMailingLists.UNTRUSTED_LIST_IP;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * ARC (RFC 8617) in a real James 3.8.1 with the sample configuration and no SMTP hook: the mailet container decides.
 * Inbound, a list's copy of mail from a {@code p=reject} domain, sealed by a list the gateway trusts
 * ({@code dmarc.trusted-arc-sealers}), is delivered with the override in Authentication-Results and in the aggregate
 * report (RFC 8617 §7.2.1), and the same copy sealed by another list is kept in dmarc-reject. Outbound, mail James
 * forwards (a RecipientRewriteTable mapping to a remote address) leaves sealed by ARCSeal with the gateway's RSA key —
 * though the KeyTable also has an Ed25519 key of the domain — and DKIM-signed, and dkimpy validates the chain at the
 * remote server. The lists seal with dkimpy too, so each direction is checked against an independent implementation.
 */
class ArcIT {

    private static final String REJECTED = "memory://var/mail/dmarc-reject/";
    private static final String FORWARDED_TO = "friend@remote.example";
    private static final String LIST_FORWARDED_TO = "listfriend@remote.example";

    private static ArcMailingLists lists;
    private static SigningKeys gatewayKeys;
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        lists = new ArcMailingLists();
        gatewayKeys = new SigningKeys();
        james = gatewayKeys.harness(lists.publish(Zone.builder()))
            .properties("dmarc.trusted-arc-sealers=" + TRUSTED_LIST + "\n"
                + "reports.interval=20s\nreports.poll=1s\nreports.organization=mx.gateway.test\nreports.from=dmarc-reports@gateway.test\n")
            .start();
        for (String user : new String[] {"member", "other-member", "forward", "list-forward"}) {
            james.addUser(user + "@" + JamesHarness.DOMAIN, "pw");
        }
        james.addUser(SigningKeys.ALICE, "alicepw");
        james.addForward("forward@" + JamesHarness.DOMAIN, FORWARDED_TO);
        james.addForward("list-forward@" + JamesHarness.DOMAIN, LIST_FORWARDED_TO);
        // Forwarded mail is also DKIM-signed by the gateway, in its own name, as big forwarders do.
        Path signingTable = james.path("conf/dkim/SigningTable");
        Files.writeString(signingTable, Files.readString(signingTable) + "* " + JamesHarness.DOMAIN + "-rsa2026\n");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    private static void send(String clientIp, String mailFrom, String recipient, String message) throws Exception {
        try (SmtpClient smtp = james.smtpFrom(clientIp)) {
            smtp.ehlo("mail." + mailFrom.substring(mailFrom.indexOf('@') + 1)).send(mailFrom, recipient, message);
        }
    }

    private static String headersIn(String user) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(60)));
            return imap.readFirstMessageHeaders().replaceAll("\r\n[ \t]+", " ");
        }
    }

    private static long inInbox(String user) throws Exception {
        try (TestIMAPClient imap = james.imap(user + "@" + JamesHarness.DOMAIN, "pw")) {
            return imap.getMessageCount(TestIMAPClient.INBOX);
        }
    }

    private static String receivedBy(String recipient) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(
            () -> james.sink().received().stream().filter(mail -> mail.recipients.contains(recipient)).findFirst(),
            Optional::isPresent).get().data;
    }

    private static String header(String message) {
        return message.substring(0, message.indexOf("\r\n\r\n")).replaceAll("\r\n[ \t]+", " ");
    }

    /** The DNS data a validator at the remote server needs: the shop's, the lists' and the gateway's keys. */
    private static List<String> records() {
        List<String> records = new ArrayList<>(lists.keyRecords());
        records.add("rsa2026._domainkey." + JamesHarness.DOMAIN + "=" + gatewayKeys.rsaRecord);
        records.add("ed2026._domainkey." + JamesHarness.DOMAIN + "=" + gatewayKeys.ed25519Record);
        return records;
    }

    @Test
    void aTrustedListsSealLiftsTheRejectPolicyAndTheOverrideIsInTheFieldAndTheReport() throws Exception {
        String viaTheList = lists.throughTheList(TRUSTED_LIST, lists.fromTheShop("member@" + JamesHarness.DOMAIN, "trusted"));

        send(TRUSTED_LIST_IP, "bounces@" + TRUSTED_LIST, "member@" + JamesHarness.DOMAIN, viaTheList);

        assertThat(headersIn("member"))
            .contains("Subject: [shoppers] Your order trusted")
            .contains("arc=pass smtp.remote-ip=" + TRUSTED_LIST_IP)
            .contains("dmarc=fail reason=\"p=reject; trusted_forwarder (arc=pass, trusted sealer " + TRUSTED_LIST + ")\" header.from="
                + SHOP + " policy.dmarc=none");
        String row = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> reportRow(TRUSTED_LIST_IP), found -> !found.isEmpty());
        assertThat(row).contains("<disposition>none</disposition>").contains("<type>trusted_forwarder</type>")
            .containsPattern("<comment>[^<]*trusted ARC sealer " + Pattern.quote(TRUSTED_LIST) + "[^<]*</comment>");
    }

    @Test
    void anUntrustedListsSealChangesNothingAndTheCopyIsKeptInDmarcReject() throws Exception {
        long before = james.mailsIn(REJECTED);
        String viaTheList = lists.throughTheList(UNTRUSTED_LIST, lists.fromTheShop("other-member@" + JamesHarness.DOMAIN, "untrusted"));

        send(UNTRUSTED_LIST_IP, "bounces@" + UNTRUSTED_LIST, "other-member@" + JamesHarness.DOMAIN, viaTheList);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> james.mailsIn(REJECTED) > before);
        assertThat(inInbox("other-member")).isZero();
    }

    @Test
    void mailJamesForwardsLeavesSealedWithTheGatewaysRsaKeyAndSignedAndDkimpyValidatesTheChain() throws Exception {
        send(SHOP_IP, "orders@" + SHOP, "forward@" + JamesHarness.DOMAIN, lists.fromTheShop("forward@" + JamesHarness.DOMAIN, "forwarded"));

        String sent = receivedBy(FORWARDED_TO);

        String header = header(sent);
        assertThat(header).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + JamesHarness.DOMAIN + "; s=rsa2026;")
            .contains("ARC-Seal: a=rsa-sha256; b=").contains("cv=none; d=" + JamesHarness.DOMAIN + "; i=1; s=rsa2026;")
            .contains("ARC-Authentication-Results: i=1; " + JamesHarness.AUTHSERV_ID + "; spf=pass smtp.mailfrom=orders@" + SHOP)
            .contains("dkim=pass header.d=" + SHOP).contains("arc=none").contains("dmarc=pass header.from=" + SHOP);
        assertThat(DkimpyArc.validate(sent, records())).isEqualTo("pass success");
        assertThat(Dkimpy.verify(sent, records())).as("the gateway's and the shop's DKIM signatures").isEqualTo("pass\npass");
    }

    @Test
    void aListsSealedCopyJamesForwardsGetsASecondSetWithCvPassAndTheWholeChainValidates() throws Exception {
        String viaTheList = lists.throughTheList(TRUSTED_LIST, lists.fromTheShop("list-forward@" + JamesHarness.DOMAIN, "list-forwarded"));
        send(TRUSTED_LIST_IP, "bounces@" + TRUSTED_LIST, "list-forward@" + JamesHarness.DOMAIN, viaTheList);

        String sent = receivedBy(LIST_FORWARDED_TO);

        assertThat(header(sent)).contains("cv=pass; d=" + JamesHarness.DOMAIN + "; i=2; s=rsa2026;")
            .contains("ARC-Authentication-Results: i=2; " + JamesHarness.AUTHSERV_ID + ";")
            .contains("arc=pass smtp.remote-ip=" + TRUSTED_LIST_IP)
            .contains("ARC-Seal: i=1; cv=none; a=rsa-sha256; d=" + TRUSTED_LIST);
        assertThat(DkimpyArc.validate(sent, records())).isEqualTo("pass success");
    }

    @Test
    void mailAnAuthenticatedUserSendsIsSignedButNotSealed() throws Exception {
        String sent = SigningKeys.submitAndCapture(james, "submitted", "Content-Type: text/plain; charset=us-ascii\r\n\r\nHi.\r\n");

        assertThat(sent).startsWith("DKIM-Signature: ").doesNotContain("ARC-");
    }

    /** The record of the aggregate report about shop.example that counts {@code sourceIp}; "" until it arrives. */
    private static String reportRow(String sourceIp) {
        for (String xml : ReportMails.reportsTo(james.sink(), "dmarc@" + SHOP)) {
            Matcher record = Pattern.compile("<record>.*?<source_ip>" + Pattern.quote(sourceIp) + "</source_ip>.*?</record>",
                Pattern.DOTALL).matcher(xml);
            if (record.find()) {
                return record.group();
            }
        }
        return "";
    }
}
