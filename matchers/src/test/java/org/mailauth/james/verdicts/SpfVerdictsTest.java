package org.mailauth.james.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfSettings;
import org.mailauth.spf.SpfVerifier;

/** One SPF evaluation per mail, kept as attributes; only inbound mail is checked (DESIGN.md §3). */
class SpfVerdictsTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("mail.example.org", "v=spf1 a -all")
        .a("mail.example.org", "192.0.2.25")
        .build();
    private final SpfVerdicts verdicts = new SpfVerdicts(new SpfVerifier(dns, SpfSettings.defaults()), InboundPolicy.defaults());

    private static FakeMail.Builder inbound(String ip, String sender) throws Exception {
        FakeMail.Builder mail = FakeMail.builder().name("m").recipient("bob@gateway.test").remoteAddr(ip)
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.example.org")));
        return sender.isEmpty() ? mail : mail.sender(sender);
    }

    @Test
    void theMailFromIdentityIsCheckedAndKeptOnTheMail() throws Exception {
        FakeMail mail = inbound("192.0.2.7", "alice@example.org").build();

        Optional<SpfResult> result = verdicts.of(mail);

        assertThat(result).map(SpfResult::code).hasValue(SpfResult.Code.PASS);
        assertThat(mail.getAttribute(SpfAttributes.RESULT).map(attribute -> (Object) attribute.getValue().value())).hasValue("pass");
        assertThat(SpfAttributes.read(mail)).map(SpfResult::mechanism).hasValue(Optional.of("ip4:192.0.2.0/24"));
    }

    @Test
    void aSecondAskIsAnsweredFromTheAttributesWithoutDns() throws Exception {
        FakeMail mail = inbound("198.51.100.1", "alice@example.org").build();

        verdicts.of(mail);
        Optional<SpfResult> again = verdicts.of(mail);

        assertThat(again).map(SpfResult::code).hasValue(SpfResult.Code.FAIL);
        assertThat(dns.lookups("example.org", RecordType.TXT)).isEqualTo(1);
    }

    @Test
    void aNullSenderIsCheckedAsPostmasterAtTheHeloName() throws Exception {
        FakeMail mail = inbound("192.0.2.25", "").build();

        SpfResult result = verdicts.of(mail).orElseThrow();

        assertThat(result.sender()).isEqualTo("postmaster@mail.example.org");
        assertThat(result.identity()).isEqualTo(SpfResult.Identity.MAILFROM);
        assertThat(result.code()).isEqualTo(SpfResult.Code.PASS);
    }

    @Test
    void mailJamesWroteItselfIsNotChecked() throws Exception {
        FakeMail mail = inbound("127.0.0.1", "postmaster@gateway.test")
            .attribute(new Attribute(SmtpFacts.SENT_BY_MAILET, AttributeValue.of(true))).build();

        assertThat(verdicts.of(mail)).isEmpty();
        assertThat(dns.lookups()).isZero();
    }

    @Test
    void authenticatedAndRelayAllowedClientsAreNotCheckedUnlessConfigured() throws Exception {
        FakeMail authenticated = inbound("198.51.100.1", "alice@example.org")
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice@example.org"))).build();
        FakeMail trustedNetwork = inbound("198.51.100.1", "alice@example.org")
            .attribute(new Attribute(SmtpFacts.AUTH_NETWORK, AttributeValue.of(true))).build();

        assertThat(verdicts.of(authenticated)).isEmpty();
        assertThat(verdicts.of(trustedNetwork)).isEmpty();
        SpfVerdicts checkingAll = new SpfVerdicts(new SpfVerifier(dns, SpfSettings.defaults()), new InboundPolicy(true));
        assertThat(checkingAll.of(authenticated)).map(SpfResult::code).hasValue(SpfResult.Code.FAIL);
    }

    @Test
    void aDnsFailureIsATemperrorVerdict() throws Exception {
        InMemoryDnsResolver broken = InMemoryDnsResolver.builder().temporaryFailure("example.org").build();
        SpfVerdicts verdictsOverBrokenDns = new SpfVerdicts(new SpfVerifier(broken, SpfSettings.defaults()), InboundPolicy.defaults());

        assertThat(verdictsOverBrokenDns.of(inbound("192.0.2.7", "alice@example.org").build()))
            .map(SpfResult::code).hasValue(SpfResult.Code.TEMPERROR);
    }

    @Test
    void unreadableAttributesAreIgnoredAndTheCheckRunsAgain() throws Exception {
        FakeMail mail = inbound("192.0.2.7", "alice@example.org")
            .attribute(new Attribute(SpfAttributes.DETAILS, AttributeValue.of("garbage"))).build();

        assertThat(verdicts.of(mail)).map(SpfResult::code).hasValue(SpfResult.Code.PASS);
    }
}
