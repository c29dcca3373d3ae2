package org.mailauth.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.james.verdicts.TestMails;

/** {@code DKIM=<results>} on the message's verdict. */
class DKIMTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord()).build();

    private DKIM matcher(String condition) throws Exception {
        DKIM matcher = new DKIM(TestMails.verdicts(dns));
        matcher.init(FakeMatcherConfig.builder().matcherName("DKIM").condition(condition).build());
        return matcher;
    }

    @Test
    void matchesWhenTheVerdictIsListed() throws Exception {
        assertThat(matcher("pass").match(TestMails.inbound(TestMails.signed(TestMails.MESSAGE)))).hasSize(1);
        assertThat(matcher("fail,permerror").match(TestMails.inbound(
            TestMails.signed(TestMails.MESSAGE).replace("Hello.", "Bye.")))).hasSize(1);
        assertThat(matcher("none").match(TestMails.inbound(TestMails.MESSAGE))).hasSize(1);
    }

    @Test
    void doesNotMatchOtherVerdicts() throws Exception {
        assertThat(matcher("fail").match(TestMails.inbound(TestMails.signed(TestMails.MESSAGE)))).isEmpty();
    }

    @Test
    void anUnknownResultStopsStartUp() {
        assertThatThrownBy(() -> matcher("pass,valid")).hasMessageContaining("unknown DKIM result 'valid'");
    }
}
