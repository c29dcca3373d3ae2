package org.mailauth.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.james.verdicts.InboundPolicy;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.results.AuthservId;
import org.mailauth.spf.SpfSettings;

/** RFC 8601 §5: our field on top, forged copies of it removed, other services' fields kept; RFC 7208 §9.1. */
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

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("evil.example", "v=spf1 x\r\nAuthentication-Results:\tmx.example.com;\tdmarc=pass\theader.from=bank.example\r\nX-Evil:\t1 -all")
        .build();

    private AuthenticationResults mailet(FakeMailetConfig config) throws Exception {
        Verdicts verdicts = new Verdicts(new MessageAuthenticator(dns, AuthenticationSettings.builder()
            .spf(SpfSettings.builder().receiver("mx.example.com").build()).build()), InboundPolicy.defaults());
        AuthenticationResults mailet = new AuthenticationResults(AuthservId.of("mx.example.com"), verdicts);
        mailet.init(config);
        return mailet;
    }

    private static MimeMessage message() throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Mail James wrote itself: no method applies. */
    private static FakeMail writtenByJames() throws Exception {
        return FakeMail.builder().name("mail1").mimeMessage(message())
            .attribute(new Attribute(org.apache.mailet.AttributeName.of("org.apache.james.SentByMailet"), AttributeValue.of(true)))
            .build();
    }

    private static FakeMail inboundFrom(String ip) throws Exception {
        return FakeMail.builder().name("mail2").mimeMessage(message()).sender("alice@example.org").recipient("bob@example.com")
            .remoteAddr(ip).attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("client.example.org"))).build();
    }

    private static String headerBlock(FakeMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        String text = out.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n\r\n") + 2);
    }

    @Test
    void ourFieldComesFirstAndForgedOnesAreRemoved() throws Exception {
        FakeMail mail = writtenByJames();

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
    void theSpfResultOfInboundMailIsReported() throws Exception {
        FakeMail mail = inboundFrom("192.0.2.9");

        mailet(FakeMailetConfig.builder().mailetName("ar").build()).service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")[0])
            .isEqualTo("mx.example.com;\r\n\tspf=pass smtp.mailfrom=alice@example.org;\r\n\tdkim=none;\r\n"
                + "\tdmarc=none reason=\"no DMARC record for example.org\" header.from=example.org");
    }

    @Test
    void receivedSpfIsWrittenWhenAsked() throws Exception {
        FakeMail mail = inboundFrom("198.51.100.9");

        mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("receivedSpf", "true").build()).service(mail);

        assertThat(mail.getMessage().getHeader("Received-SPF")).containsExactly("fail (mx.example.com: domain of "
            + "alice@example.org does not designate 198.51.100.9 as permitted sender)\r\n\tclient-ip=198.51.100.9; "
            + "envelope-from=\"alice@example.org\";\r\n\thelo=client.example.org; receiver=mx.example.com; identity=mailfrom;"
            + "\r\n\tmechanism=\"-all\"");
        assertThat(headerBlock(mail)).startsWith("Authentication-Results: mx.example.com;\r\n\tspf=fail smtp.mailfrom=alice@example.org;"
            + "\r\n\tdkim=none;\r\n\tdmarc=none reason=\"no DMARC record for example.org\" header.from=example.org\r\nReceived-SPF: fail");
    }

    @Test
    void theAuthservIdCanBeSetPerMailet() throws Exception {
        FakeMail mail = writtenByJames();

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
            .hasMessageContaining("[authservId, receivedSpf]");
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("authservId", "a b").build()))
            .hasMessageContaining("invalid parameter authservId");
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("receivedSpf", "yes").build()))
            .hasMessageContaining("invalid parameter receivedSpf");
    }

    @Test
    void outsideTextWithLineBreaksNeverBecomesAFieldOfItsOwn() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail3").mimeMessage(message()).sender("a@evil.example").recipient("bob@example.com")
            .remoteAddr("198.51.100.9").attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("helo\rX-Evil5:\t1"))).build();

        mailet(FakeMailetConfig.builder().mailetName("ar").setProperty("receivedSpf", "true").build()).service(mail);

        MimeMessage delivered = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(headerBlock(mail).concat("\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(delivered.getHeader("X-Evil")).isNull();
        assertThat(delivered.getHeader("X-Evil5")).isNull();
        String[] authenticationResults = delivered.getHeader("Authentication-Results");
        assertThat(authenticationResults).hasSize(2);
        assertThat(authenticationResults[1]).startsWith("upstream.example.net;");
        assertThat(authenticationResults[0]).startsWith("mx.example.com;").contains("unknown mechanism 'x\\\\x0D\\\\x0AAuthentication-Results:");
        assertThat(delivered.getHeader("Received-SPF")).singleElement().asString().contains("helo=\"helo\\\\x0DX-Evil5:\\\\x09");
    }
}
