package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailauth.it.ArcMailingLists.SHOP;
import static org.mailauth.it.ArcMailingLists.TRUSTED_LIST;
import static org.mailauth.it.ArcMailingLists.TRUSTED_LIST_IP;
import static org.mailauth.it.ArcMailingLists.UNTRUSTED_LIST;
import static org.mailauth.it.ArcMailingLists.UNTRUSTED_LIST_IP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * ARC (RFC 8617) with the pack's SMTP hook, as sample-smtpserver.xml and {@code mailauth run} have it: a list's copy of
 * mail from a {@code p=reject} domain is accepted with 250 when a trusted list sealed it, and refused with 550 5.7.1 at the
 * end of DATA when another list did; the results the hook made at DATA travel with the copy James forwards, which
 * ARCSeal seals.
 */
class ArcSmtpRefusalIT {

    private static final String FORWARDED_TO = "friend@remote.example";

    private static ArcMailingLists lists;
    private static SigningKeys gatewayKeys;
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        lists = new ArcMailingLists();
        gatewayKeys = new SigningKeys();
        james = gatewayKeys.harness(lists.publish(Zone.builder()))
            .authenticationHook("")
            .properties("dmarc.trusted-arc-sealers=" + TRUSTED_LIST + "\n")
            .start();
        for (String user : new String[] {"member", "other-member", "forward"}) {
            james.addUser(user + "@" + JamesHarness.DOMAIN, "pw");
        }
        james.addForward("forward@" + JamesHarness.DOMAIN, FORWARDED_TO);
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    /** The reply to the end of DATA. */
    private static String send(String clientIp, String mailFrom, String recipient, String message) throws Exception {
        try (SmtpClient smtp = james.smtpFrom(clientIp)) {
            smtp.ehlo("mail.example.net").mailFrom(mailFrom).rcptTo(recipient);
            smtp.reply("DATA");
            return smtp.reply(message + ".");
        }
    }

    @Test
    void aTrustedListsCopyIsAcceptedAndDelivered() throws Exception {
        String viaTheList = lists.throughTheList(TRUSTED_LIST, lists.fromTheShop("member@" + JamesHarness.DOMAIN, "hook-trusted"));

        assertThat(send(TRUSTED_LIST_IP, "bounces@" + TRUSTED_LIST, "member@" + JamesHarness.DOMAIN, viaTheList)).startsWith("250");

        try (TestIMAPClient imap = james.imap("member@" + JamesHarness.DOMAIN, "pw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(60)));
            assertThat(imap.readFirstMessageHeaders().replaceAll("\r\n[ \t]+", " ")).contains("arc=pass")
                .contains("trusted_forwarder (arc=pass, trusted sealer " + TRUSTED_LIST + ")");
        }
    }

    @Test
    void anUntrustedListsCopyIsRefusedAtTheEndOfData() throws Exception {
        String viaTheList = lists.throughTheList(UNTRUSTED_LIST, lists.fromTheShop("other-member@" + JamesHarness.DOMAIN, "hook-untrusted"));

        assertThat(send(UNTRUSTED_LIST_IP, "bounces@" + UNTRUSTED_LIST, "other-member@" + JamesHarness.DOMAIN, viaTheList))
            .startsWith("550 5.7.1 Message refused: the DMARC policy of " + SHOP + " says reject");
    }

    @Test
    void theCopyJamesForwardsCarriesTheHooksResultsAndLeavesSealed() throws Exception {
        String viaTheList = lists.throughTheList(TRUSTED_LIST, lists.fromTheShop("forward@" + JamesHarness.DOMAIN, "hook-forwarded"));

        assertThat(send(TRUSTED_LIST_IP, "bounces@" + TRUSTED_LIST, "forward@" + JamesHarness.DOMAIN, viaTheList)).startsWith("250");

        String sent = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
            () -> james.sink().received().stream().filter(mail -> mail.recipients.contains(FORWARDED_TO)).findFirst(),
            Optional::isPresent).get().data;
        assertThat(sent.replaceAll("\r\n[ \t]+", " ")).startsWith("ARC-Seal: a=rsa-sha256;").contains("cv=pass; d=" + JamesHarness.DOMAIN + "; i=2;");
        List<String> records = new ArrayList<>(lists.keyRecords());
        records.add("rsa2026._domainkey." + JamesHarness.DOMAIN + "=" + gatewayKeys.rsaRecord);
        assertThat(DkimpyArc.validate(sent, records)).isEqualTo("pass success");
    }
}
