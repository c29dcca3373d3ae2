package org.mailauth.james.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.DnsSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.NetworkDns;
import org.mailauth.dns.RecordType;
import org.mailauth.inbound.Authentication;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.spf.SpfResult;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * The authentication of a Mail is made once, by whichever matcher or mailet asks first, and kept as attributes
 * (docs/architecture.md); only inbound mail is authenticated; nothing about a mail makes it throw.
 */
class VerdictsTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("mail.example.org", "v=spf1 a -all")
        .a("mail.example.org", "192.0.2.25")
        .txt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord())
        .txt("_dmarc.example.org", "v=DMARC1; p=reject")
        .build();
    private final Verdicts verdicts = TestMails.verdicts(dns);

    private static Verdicts verdicts(DnsResolver dns, InboundPolicy policy) {
        return new Verdicts(new MessageAuthenticator(dns, AuthenticationSettings.builder().build()), policy);
    }

    private static FakeMail.Builder inbound(String ip, String sender) throws Exception {
        FakeMail.Builder mail = FakeMail.builder().name("m").recipient("bob@gateway.test").remoteAddr(ip)
            .mimeMessage(TestMails.mime(TestMails.MESSAGE))
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.example.org")));
        return sender.isEmpty() ? mail : mail.sender(sender);
    }

    private Optional<SpfResult> spf(Mail mail) {
        return verdicts.of(mail).map(Authentication::spf);
    }

    @Test
    void theMailFromIdentityIsCheckedAndKeptOnTheMail() throws Exception {
        FakeMail mail = inbound("192.0.2.7", "alice@example.org").build();

        assertThat(spf(mail)).map(SpfResult::code).hasValue(SpfResult.Code.PASS);
        assertThat(mail.getAttribute(SpfAttributes.RESULT).map(attribute -> (Object) attribute.getValue().value())).hasValue("pass");
        assertThat(SpfAttributes.read(mail)).map(SpfResult::mechanism).hasValue(Optional.of("ip4:192.0.2.0/24"));
    }

    @Test
    void aSecondAskIsAnsweredFromTheAttributesWithoutDns() throws Exception {
        Mail mail = TestMails.inbound(TestMails.signed(TestMails.MESSAGE));

        verdicts.of(mail);
        Authentication again = verdicts.of(mail).orElseThrow();

        assertThat(again.spf().code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(again.dkim().verdict()).isEqualTo(DkimResult.PASS);
        assertThat(again.dmarc().code()).isEqualTo(DmarcResult.Code.PASS);
        assertThat(dns.lookups("example.org", RecordType.TXT)).isEqualTo(1);
        assertThat(dns.lookups("sel._domainkey.example.org", RecordType.TXT)).isEqualTo(1);
    }

    @Test
    void aNullSenderIsCheckedAsPostmasterAtTheHeloName() throws Exception {
        SpfResult result = spf(inbound("192.0.2.25", "").build()).orElseThrow();

        assertThat(result.sender()).isEqualTo("postmaster@mail.example.org");
        assertThat(result.identity()).isEqualTo(SpfResult.Identity.MAILFROM);
        assertThat(result.code()).isEqualTo(SpfResult.Code.PASS);
    }

    @Test
    void mailJamesWroteItselfIsNotChecked() throws Exception {
        FakeMail mail = inbound("127.0.0.1", "postmaster@gateway.test")
            .attribute(new Attribute(MailFacts.SENT_BY_MAILET, AttributeValue.of(true))).build();

        assertThat(verdicts.of(mail)).isEmpty();
        assertThat(dns.lookups()).isZero();
    }

    @Test
    void authenticatedAndRelayAllowedClientsAreNotCheckedUnlessConfigured() throws Exception {
        FakeMail authenticated = inbound("198.51.100.1", "alice@example.org")
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice@example.org"))).build();
        FakeMail trustedNetwork = inbound("198.51.100.1", "alice@example.org")
            .attribute(new Attribute(MailFacts.AUTH_NETWORK, AttributeValue.of(true))).build();

        assertThat(verdicts.of(authenticated)).isEmpty();
        assertThat(verdicts.of(trustedNetwork)).isEmpty();
        assertThat(verdicts(dns, new InboundPolicy(true)).of(authenticated)).map(a -> a.spf().code()).hasValue(SpfResult.Code.FAIL);
    }

    @Test
    void aDnsFailureIsATemperrorVerdict() throws Exception {
        InMemoryDnsResolver broken = InMemoryDnsResolver.builder().temporaryFailure("example.org").build();

        assertThat(verdicts(broken, InboundPolicy.defaults()).of(inbound("192.0.2.7", "alice@example.org").build()))
            .map(a -> a.spf().code()).hasValue(SpfResult.Code.TEMPERROR);
    }

    @Test
    void unreadableAttributesAreIgnoredAndTheCheckRunsAgain() throws Exception {
        FakeMail mail = inbound("192.0.2.7", "alice@example.org")
            .attribute(new Attribute(SpfAttributes.DETAILS, AttributeValue.of("garbage"))).build();

        assertThat(spf(mail)).map(SpfResult::code).hasValue(SpfResult.Code.PASS);
    }

    @Test
    void aSignedMailPassesAndEachSignatureIsKept() throws Exception {
        Mail mail = TestMails.inbound(TestMails.signed(TestMails.MESSAGE));

        assertThat(verdicts.of(mail).orElseThrow().dkim().verdict()).isEqualTo(DkimResult.PASS);
        assertThat(mail.getAttribute(DkimAttributes.RESULT).map(attribute -> (Object) attribute.getValue().value())).hasValue("pass");
        DkimSignatureResult kept = DkimAttributes.read(mail).orElseThrow().signatures().get(0);
        assertThat(kept.domain()).isEqualTo("example.org");
        assertThat(kept.selector()).isEqualTo("sel");
        assertThat(kept.keyBits()).hasValue(2048);
        assertThat(kept.result()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void aChangedBodyFailsDkimAndAnUnsignedMailIsNone() throws Exception {
        assertThat(verdicts.of(TestMails.inbound(TestMails.signed(TestMails.MESSAGE).replace("Hello.", "Hello!"))).orElseThrow()
            .dkim().verdict()).isEqualTo(DkimResult.FAIL);
        assertThat(verdicts.of(TestMails.inbound(TestMails.MESSAGE)).orElseThrow().dkim().verdict()).isEqualTo(DkimResult.NONE);
    }

    @Test
    void aMailWithoutItsMessageIsAPermerrorNotAnException() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipient("bob@gateway.test").remoteAddr("192.0.2.7").sender("alice@example.org")
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.example.org"))).build();

        Authentication authentication = verdicts.of(mail).orElseThrow();

        assertThat(authentication.spf().code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(authentication.dkim().verdict()).isEqualTo(DkimResult.PERMERROR);
        assertThat(authentication.dmarc().code()).isEqualTo(DmarcResult.Code.PERMERROR);
    }

    /** SPF and DKIM run at once: with every DNS answer 200 ms late, the server holds the SPF and the key query together. */
    @Test
    void spfAndDkimOfOneMailAskTheirQuestionsAtOnce() throws Exception {
        Zone zone = Zone.builder().txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
            .longTxt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord()).build();
        try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
             NetworkDns network = NetworkDns.open(DnsSettings.builder().serverSpecs(List.of(server.hostAndPort())).build(), Clock.systemUTC())) {
            server.delay(Duration.ofMillis(200));

            Authentication authentication = TestMails.verdicts(network).of(TestMails.inbound(TestMails.signed(TestMails.MESSAGE))).orElseThrow();

            assertThat(authentication.spf().code()).isEqualTo(SpfResult.Code.PASS);
            assertThat(authentication.dkim().verdict()).isEqualTo(DkimResult.PASS);
            assertThat(server.mostPending()).as("queries the server held at once").isGreaterThanOrEqualTo(2);
        }
    }
}
