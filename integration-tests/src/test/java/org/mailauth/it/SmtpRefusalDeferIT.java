package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * With {@code <temperror>defer</temperror>} in the hook's {@code <handler>}, a message whose DMARC policy cannot be
 * looked up now gets {@code 451 4.7.1}: the sending server tries again later (RFC 5321 §4.2.5) instead of our guessing.
 */
class SmtpRefusalDeferIT {

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder()
            .zone(Zone.builder().fault("_dmarc.slow.example", Zone.Fault.SILENT).build())
            .authenticationHook("<temperror>defer</temperror>")
            .start();
        james.addUser("slow@" + JamesHarness.DOMAIN, "pw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void aDnsTimeoutIsDeferredWithATemporaryReply() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.6")) {
            smtp.ehlo("client.example.net").mailFrom("ceo@slow.example").rcptTo("slow@" + JamesHarness.DOMAIN);
            smtp.reply("DATA");
            String reply = smtp.reply("From: ceo@slow.example\r\nTo: slow@" + JamesHarness.DOMAIN + "\r\nSubject: later\r\n\r\nHi.\r\n.");

            assertThat(reply).startsWith("451 4.7.1 Try again later: the DMARC policy of slow.example could not be checked now");
        }
    }
}
