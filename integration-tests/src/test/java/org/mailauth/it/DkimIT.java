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
 * DKIM (RFC 6376) in a real James with the sample configuration: a message signed by dkimpy, an
 * independent implementation, with its key published on the loopback DNS server.
 */
class DkimIT {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
        + "To: Bob <bob@gateway.test>\r\n"
        + "Subject: signed\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <signed-1@example.org>\r\n"
        + "\r\n"
        + "This message is signed.\r\n";

    private static JamesHarness james;
    private static String signedByDkimpy;

    @BeforeAll
    static void startJames() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        signedByDkimpy = Dkimpy.sign(MESSAGE, "example.org", "mail", keys) + MESSAGE;
        james = JamesHarness.builder().zone(Zone.builder()
            .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
            .longTxt("mail._domainkey.example.org", Dkimpy.record(keys))
            .build()).start();
        james.addUser("bob@gateway.test", "bobpw");
        james.addUser("carol@gateway.test", "carolpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void aMessageSignedByDkimpyPasses() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mail.example.org").send("alice@example.org", "bob@gateway.test", signedByDkimpy);
        }

        String headers = firstHeaders("bob@gateway.test", "bobpw");
        assertThat(headers).contains("dkim=pass header.d=example.org").contains("header.s=mail").contains("header.a=rsa-sha256");
    }

    @Test
    void theSameMessageWithItsBodyChangedInTransitFails() throws Exception {
        String tampered = signedByDkimpy.replace("To: Bob <bob@gateway.test>", "To: Carol <carol@gateway.test>")
            .replace("This message is signed.", "This message was changed.");
        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mail.example.org").send("alice@example.org", "carol@gateway.test", tampered);
        }

        String headers = firstHeaders("carol@gateway.test", "carolpw");
        assertThat(headers).contains("dkim=fail reason=\"body hash did not verify\" header.d=example.org");
    }

    private static String firstHeaders(String user, String password) throws Exception {
        try (TestIMAPClient imap = james.imap(user, password)) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            return imap.readFirstMessageHeaders();
        }
    }
}
