package org.mailauth.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.james.verdicts.DmarcAttributes;
import org.mailauth.james.verdicts.TestMails;
import org.mailauth.james.verdicts.Verdicts;

/** {@code DMARC=<results>} and {@code DMARCPolicy=<dispositions>} (RFC 9989 §5.3.5, §5.3.6). */
class DMARCPolicyTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("_dmarc.example.org", "v=DMARC1; p=reject")
        .txt("_dmarc.quarantined.example", "v=DMARC1; p=quarantine")
        .txt("quarantined.example", "v=spf1 -all")
        .txt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord())
        .build();

    private Verdicts verdicts() {
        return TestMails.verdicts(dns);
    }

    private DMARCPolicy policyMatcher(String condition) throws MessagingException {
        DMARCPolicy matcher = new DMARCPolicy(verdicts());
        matcher.init(FakeMatcherConfig.builder().matcherName("DMARCPolicy").condition(condition).build());
        return matcher;
    }

    private DMARC resultMatcher(String condition) throws MessagingException {
        DMARC matcher = new DMARC(verdicts());
        matcher.init(FakeMatcherConfig.builder().matcherName("DMARC").condition(condition).build());
        return matcher;
    }

    private static Mail mail(String ip, String sender, String from) throws Exception {
        return message(ip, sender, "From: " + from + "\r\nTo: bob@gateway.test\r\nSubject: s\r\n\r\nbody\r\n");
    }

    private static Mail message(String ip, String sender, String message) throws Exception {
        return FakeMail.builder().name("m").sender(sender).recipients("bob@gateway.test", "carol@gateway.test")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .remoteAddr(ip).attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("client.example.net"))).build();
    }

    @Test
    void aSpoofOfARejectDomainMatchesReject() throws Exception {
        Mail spoof = mail("198.51.100.7", "attacker@elsewhere.example", "ceo@example.org");

        assertThat(policyMatcher("reject").match(spoof)).containsExactlyElementsOf(spoof.getRecipients());
        assertThat(resultMatcher("fail").match(spoof)).hasSize(2);
        assertThat(policyMatcher("quarantine").match(spoof)).isEmpty();
    }

    @Test
    void alignedSpfPassMatchesNoneAndPass() throws Exception {
        Mail genuine = mail("192.0.2.5", "alice@example.org", "Alice <alice@example.org>");

        assertThat(policyMatcher("reject,quarantine").match(genuine)).isEmpty();
        assertThat(policyMatcher("none").match(genuine)).hasSize(2);
        assertThat(resultMatcher("pass").match(genuine)).hasSize(2);
    }

    @Test
    void theResultIsKeptOnTheMailForTheNextMatcherAndMailet() throws Exception {
        Mail spoof = mail("198.51.100.7", "x@quarantined.example", "boss@quarantined.example");

        assertThat(policyMatcher("quarantine").match(spoof)).hasSize(2);
        int lookups = dns.lookups();
        assertThat(resultMatcher("fail").match(spoof)).hasSize(2);
        assertThat(dns.lookups()).isEqualTo(lookups);
        assertThat(DmarcAttributes.read(spoof).orElseThrow().disposition().value()).isEqualTo("quarantine");
        assertThat(spoof.getAttribute(DmarcAttributes.DISPOSITION).orElseThrow().getValue().value()).isEqualTo("quarantine");
    }

    @Test
    void mailJamesWroteItselfNeverMatches() throws Exception {
        Mail bounce = mail("127.0.0.1", "postmaster@gateway.test", "ceo@example.org");
        bounce.setAttribute(new Attribute(org.apache.mailet.AttributeName.of("org.apache.james.SentByMailet"), AttributeValue.of(true)));

        assertThat(policyMatcher("reject,quarantine,none").match(bounce)).isEmpty();
    }

    /** RFC 5322 §2.2.3: a line that begins with WSP continues the field before it; it is never a From field of its own. */
    @Test
    void aContinuationLineThatLooksLikeAFromFieldCannotEscapeThePolicy() throws Exception {
        Mail spoof = message("198.51.100.7", "attacker@elsewhere.example",
            "X-Note: x\r\n from : y\r\nFrom: ceo@example.org\r\nTo: bob@gateway.test\r\nSubject: s\r\n\r\nbody\r\n");

        assertThat(policyMatcher("reject").match(spoof)).containsExactlyElementsOf(spoof.getRecipients());
        assertThat(DmarcAttributes.read(spoof).orElseThrow().authorDomains()).containsExactly("example.org");
    }

    /**
     * A header field name of 61 characters makes the signer fold h= so that a line of the DKIM-Signature begins with
     * "from:" (FWS may surround the colons, RFC 6376 §3.5): DMARC sees one From, and the aligned signature passes.
     */
    @Test
    void aDkimSignatureWithAFoldedHeaderListStillAligns() throws Exception {
        String longName = "X-" + "a".repeat(61);
        String unsigned = "From: ceo@example.org\r\nTo: bob@gateway.test\r\nSubject: s\r\n" + longName + ": 1\r\n\r\nbody\r\n";
        SigningSettings settings = SigningSettings.builder().headers(List.of(longName, "From", "To", "Subject"))
            .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC)).build();
        String signed = new DkimSigner(TestMails.KEY, settings).sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)))
            + "\r\n" + unsigned;
        assertThat(signed).as("the signature has a line beginning with from:").contains("\r\n\tfrom:to:");
        Mail forwarded = message("198.51.100.7", "list@elsewhere.example", signed);

        assertThat(resultMatcher("pass").match(forwarded)).hasSize(2);
        assertThat(DmarcAttributes.read(forwarded).orElseThrow().authorDomains()).containsExactly("example.org");
    }

    @Test
    void unknownNamesInTheConditionStopJames() {
        assertThatThrownBy(() -> policyMatcher("block")).isInstanceOf(MessagingException.class).hasMessageContaining("block");
        assertThatThrownBy(() -> resultMatcher("softfail")).isInstanceOf(MessagingException.class).hasMessageContaining("softfail");
    }
}
