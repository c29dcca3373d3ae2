package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * SPF (RFC 7208) in a real James with the sample configuration: the client IP chosen through the PROXY
 * listener, the sender's policy served by the loopback DNS server.
 */
class SpfIT {

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder().zone(Zone.builder()
            .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
            .fault("broken.example", Zone.Fault.SERVFAIL)
            .build()).start();
        james.addUser("bob@gateway.test", "bobpw");
        james.addUser("carol@gateway.test", "carolpw");
        james.addUser("dave@gateway.test", "davepw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    private static String message(String to) {
        return "From: alice@example.org\r\nTo: " + to + "\r\nSubject: spf\r\nMessage-ID: <" + to + ">\r\n\r\nHi.\r\n";
    }

    private static String firstHeaders(String user, String password, String mailbox) throws Exception {
        try (TestIMAPClient imap = james.imap(user, password)) {
            imap.select(mailbox).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            return imap.readFirstMessageHeaders();
        }
    }

    @Test
    void aPermittedClientIsDeliveredToTheInboxWithItsSpfPass() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mail.example.org").send("alice@example.org", "bob@gateway.test", message("bob@gateway.test"));
        }

        String headers = firstHeaders("bob@gateway.test", "bobpw", TestIMAPClient.INBOX);
        assertThat(headers).contains("spf=pass smtp.mailfrom=alice@example.org")
            .contains("Received-SPF: pass (mx.gateway.test: domain of alice@example.org designates 192.0.2.10 as permitted sender)")
            .contains("mechanism=\"ip4:192.0.2.0/24\"");
    }

    @Test
    void aClientTheDomainDoesNotPermitGoesToTheSpamFolder() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.20")) {
            smtp.ehlo("spammer.example").send("alice@example.org", "carol@gateway.test", message("carol@gateway.test"));
        }

        String headers = firstHeaders("carol@gateway.test", "carolpw", "Spam");
        assertThat(headers).contains("spf=fail smtp.mailfrom=alice@example.org").contains("Received-SPF: fail");
        try (TestIMAPClient imap = james.imap("carol@gateway.test", "carolpw")) {
            assertThat(imap.getMessageCount(TestIMAPClient.INBOX)).isZero();
        }
        assertThat(james.dns().queries("example.org", "TXT")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDnsFailureIsATemperrorAndTheMailIsDelivered() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.30")) {
            smtp.ehlo("mail.broken.example").send("someone@broken.example", "dave@gateway.test", message("dave@gateway.test"));
        }

        String headers = firstHeaders("dave@gateway.test", "davepw", TestIMAPClient.INBOX);
        assertThat(headers).contains("spf=temperror").contains("SERVFAIL");
    }

}
