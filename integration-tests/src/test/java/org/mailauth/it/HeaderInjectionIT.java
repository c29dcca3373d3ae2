package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * Outside text never becomes a header field of its own in what the pack writes (RFC 5322 §2.2, RFC 8601 §5), in a
 * real James 3.8.1 with the sample configuration: an SPF record with CR LF, a MAIL FROM with a quoted CR and an EHLO
 * name with a bare CR end up escaped inside our Authentication-Results and Received-SPF fields, and the delivered
 * message has no extra Authentication-Results field under our authserv-id and no injected field. The pack's SMTP hook
 * refuses control characters in EHLO, MAIL FROM and RCPT TO (James 3.8.1 accepts them and copies the first two into its
 * own Received and Return-Path fields); without the hook, our fields still hold ({@link HeaderInjectionWithoutSmtpHookIT}).
 */
class HeaderInjectionIT {

    static final String INJECTED_RECORD = "v=spf1 x\r\nAuthentication-Results:\t" + JamesHarness.AUTHSERV_ID
        + ";\tdmarc=pass\theader.from=bank.example\r\nX-Evil:\t1 -all";

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder().zone(Zone.builder()
            .txt("evil.example", INJECTED_RECORD)
            .build()).start();
        james.addUser("bob@" + JamesHarness.DOMAIN, "bobpw");
        james.addUser("carol@" + JamesHarness.DOMAIN, "carolpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    static String message(String to) {
        return "From: someone@evil.example\r\nTo: " + to + "\r\nSubject: injection\r\nMessage-ID: <" + to + ".inj@test>\r\n\r\nHi.\r\n";
    }

    private static String headers(String user, String password) throws Exception {
        return headers(james, user, password);
    }

    static String headers(JamesHarness server, String user, String password) throws Exception {
        try (TestIMAPClient imap = server.imap(user, password)) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            return imap.readFirstMessageHeaders();
        }
    }

    /** The fields as the most liberal reader sees them: a line ends at CRLF, at a bare CR and at a bare LF. */
    static List<String> fields(String headers) {
        List<String> fields = new ArrayList<>();
        for (String line : headers.split("\r\n|\r|\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
            } else {
                fields.add(line);
            }
        }
        return fields;
    }

    static long count(List<String> fields, String prefix) {
        return fields.stream().filter(field -> field.regionMatches(true, 0, prefix, 0, prefix.length())).count();
    }

    @Test
    void anSpfRecordWithLineBreaksStaysInsideOurFields() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.7")) {
            smtp.ehlo("mail.evil.example").send("someone@evil.example", "bob@" + JamesHarness.DOMAIN, message("bob@" + JamesHarness.DOMAIN));
        }

        List<String> fields = fields(headers("bob@" + JamesHarness.DOMAIN, "bobpw"));

        assertThat(count(fields, "X-Evil")).isZero();
        assertThat(count(fields, "Authentication-Results: " + JamesHarness.AUTHSERV_ID)).isEqualTo(1);
        assertThat(count(fields, "Received-SPF:")).isEqualTo(1);
        assertThat(fields).filteredOn(field -> field.startsWith("Authentication-Results:")).singleElement().asString()
            .contains("spf=permerror").contains("unknown mechanism 'x\\\\x0D\\\\x0AAuthentication-Results:");
    }

    @Test
    void anEhloNameOrAMailFromWithACarriageReturnIsRefusedAtSmtpTime() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.8")) {
            assertThat(smtp.reply("EHLO helo.example\rAuthentication-Results: " + JamesHarness.AUTHSERV_ID + "; dmarc=pass"))
                .startsWith("501 5.5.2");
            smtp.ehlo("helo.example");
            assertThat(smtp.reply("MAIL FROM:<\"a\\\rX-Evil6:\t1\"@evil.example>")).startsWith("501 5.5.2");
            smtp.mailFrom("a@evil.example");
            assertThat(smtp.reply("RCPT TO:<\"b\\\rX-Evil7:\t1\"@" + JamesHarness.DOMAIN + ">")).startsWith("501 5.5.2");
        }
    }
}
