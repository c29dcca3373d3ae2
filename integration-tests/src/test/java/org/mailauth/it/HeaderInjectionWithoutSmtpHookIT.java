package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;

/**
 * An installation that left the pack's SMTP hook out of smtpserver.xml: James 3.8.1 takes an EHLO name and a MAIL FROM
 * with carriage returns and copies them into its own Received and Return-Path fields. The pack's fields still hold every
 * CR escaped, and a verdict forged that way under our authserv-id is removed like any other forgery (RFC 8601 §5).
 */
class HeaderInjectionWithoutSmtpHookIT {

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder().zone(Zone.builder().txt("evil.example", HeaderInjectionIT.INJECTED_RECORD).build())
            .withoutSmtpHook().start();
        james.addUser("carol@" + JamesHarness.DOMAIN, "carolpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void ourFieldsHoldEveryCarriageReturnAndNoVerdictIsForged() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("198.51.100.8")) {
            smtp.ehlo("helo.example\rAuthentication-Results: " + JamesHarness.AUTHSERV_ID + "; dmarc=pass header.from=bank.example")
                .send("\"a\\\rX-Evil6:\t1\"@evil.example", "carol@" + JamesHarness.DOMAIN, HeaderInjectionIT.message("carol@" + JamesHarness.DOMAIN));
        }

        String headers = HeaderInjectionIT.headers(james, "carol@" + JamesHarness.DOMAIN, "carolpw");
        List<String> fields = HeaderInjectionIT.fields(headers);

        assertThat(HeaderInjectionIT.count(fields, "Authentication-Results: " + JamesHarness.AUTHSERV_ID))
            .as("James's Received field split at the EHLO name's CR; the forged field that made is removed as any forgery is")
            .isEqualTo(1);
        assertThat(fields).filteredOn(field -> field.startsWith("Received-SPF:")).singleElement().asString()
            .contains("X-Evil6:\\\\x09").contains("helo=\"helo.example\\\\x0DAuthentication-Results:");
        assertThat(headers).as("James 3.8.1's LocalDelivery writes MAIL FROM into Return-Path as given, after every mailet: "
            + "what the SMTP hook is for").contains("Return-Path: <\"a\\\rX-Evil6:");
    }
}
