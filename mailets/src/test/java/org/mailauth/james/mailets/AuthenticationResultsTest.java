package org.mailauth.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.results.AuthservId;

/** RFC 8601 §5: our field on top, forged copies of it removed, other services' fields kept. */
class AuthenticationResultsTest {

    private static final String MESSAGE = "Received: from client.example.org by mx.example.com; Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=forged.example\r\n"
        + "Authentication-Results: upstream.example.net; dkim=pass header.d=example.org\r\n"
        + "Authentication-Results: (sneaky) MX.EXAMPLE.COM 1; dmarc=pass\r\n"
        + "From: alice@example.org\r\n"
        + "To: bob@example.com\r\n"
        + "Subject: hello\r\n"
        + "Message-ID: <1@example.org>\r\n"
        + "\r\n"
        + "Hi Bob.\r\n";

    private static AuthenticationResults mailet(FakeMailetConfig config) throws Exception {
        AuthenticationResults mailet = new AuthenticationResults(AuthservId.of("mx.example.com"));
        mailet.init(config);
        return mailet;
    }

    private static FakeMail mail() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII)));
        return FakeMail.builder().name("mail1").mimeMessage(message).build();
    }

    private static String headerBlock(FakeMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        String text = out.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n\r\n") + 2);
    }

    @Test
    void ourFieldComesFirstAndForgedOnesAreRemoved() throws Exception {
        FakeMail mail = mail();

        mailet(FakeMailetConfig.builder().mailetName("ar").build()).service(mail);

        assertThat(headerBlock(mail)).isEqualTo("Authentication-Results: mx.example.com; none\r\n"
            + "Received: from client.example.org by mx.example.com; Sat, 28 Nov 2026 12:00:00 +0000\r\n"
            + "Authentication-Results: upstream.example.net; dkim=pass header.d=example.org\r\n"
            + "From: alice@example.org\r\n"
            + "To: bob@example.com\r\n"
            + "Subject: hello\r\n"
            + "Message-ID: <1@example.org>\r\n");
    }

    @Test
    void theAuthservIdCanBeSetPerMailet() throws Exception {
        FakeMail mail = mail();

        mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("authservId", "gw.example.com").build()).service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).containsExactly(
            "gw.example.com; none",
            "mx.example.com; spf=pass smtp.mailfrom=forged.example",
            "upstream.example.net; dkim=pass header.d=example.org",
            "(sneaky) MX.EXAMPLE.COM 1; dmarc=pass");
    }

    @Test
    void anUnknownParameterIsRefusedByName() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("authservid", "x").build()))
            .hasMessageContaining("unknown parameter(s) [authservid]")
            .hasMessageContaining("[authservId]");
    }

    @Test
    void anInvalidAuthservIdIsRefused() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("authservId", "a b").build()))
            .hasMessageContaining("invalid parameter authservId");
    }
}
