package org.mailauth.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.james.verdicts.TestMails;
import org.mailauth.dns.InMemoryDnsResolver;

/** {@code SPF=<results>}: all recipients when the mail's SPF result is one of them, none otherwise. */
class SPFTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.org", "v=spf1 ip4:192.0.2.0/24 ~all")
        .temporaryFailure("broken.example")
        .build();

    private SPF matcher(String condition) throws Exception {
        SPF matcher = new SPF(TestMails.verdicts(dns));
        matcher.init(FakeMatcherConfig.builder().matcherName("SPF").condition(condition).build());
        return matcher;
    }

    private static Mail mail(String ip, String sender) throws Exception {
        return FakeMail.builder().name("m").sender(sender).recipients("bob@gateway.test", "carol@gateway.test")
            .remoteAddr(ip).attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("client.example.org"))).build();
    }

    @Test
    void matchesAllRecipientsWhenTheResultIsListed() throws Exception {
        Mail mail = mail("198.51.100.1", "alice@example.org");

        assertThat(matcher("fail,softfail").match(mail)).containsExactlyElementsOf(mail.getRecipients());
    }

    @Test
    void matchesNoneWhenTheResultIsNotListed() throws Exception {
        assertThat(matcher("fail").match(mail("198.51.100.1", "alice@example.org"))).isEmpty();
        assertThat(matcher("fail,softfail").match(mail("192.0.2.1", "alice@example.org"))).isEmpty();
    }

    @Test
    void resultNamesAreCaseInsensitiveAndMayHaveSpaces() throws Exception {
        assertThat(matcher(" SoftFail , fail").match(mail("198.51.100.1", "alice@example.org"))).hasSize(2);
    }

    @Test
    void aTemperrorCanBeMatched() throws Exception {
        assertThat(matcher("temperror").match(mail("192.0.2.1", "alice@broken.example"))).hasSize(2);
    }

    @Test
    void anUnknownResultNameStopsStartUpAndIsNamed() {
        assertThatThrownBy(() -> matcher("fail,hardfail"))
            .hasMessageContaining("unknown SPF result 'hardfail'");
        assertThatThrownBy(() -> matcher(""))
            .hasMessageContaining("a condition is required");
    }

    @Test
    void outboundMailNeverMatches() throws Exception {
        Mail authenticated = FakeMail.builder().name("m").sender("alice@example.org").recipient("x@remote.example")
            .remoteAddr("198.51.100.1").attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice"))).build();

        assertThat(matcher("fail,softfail,none").match(authenticated)).isEmpty();
    }
}
