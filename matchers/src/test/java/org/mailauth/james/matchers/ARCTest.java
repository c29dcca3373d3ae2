package org.mailauth.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.arc.SealingSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.james.verdicts.TestMails;

/** {@code ARC=<statuses>} on the Chain Validation Status of the message's ARC chain (RFC 8617 §4.4). */
class ARCTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord()).build();

    private ARC matcher(String condition) throws Exception {
        ARC matcher = new ARC(TestMails.verdicts(dns));
        matcher.init(FakeMatcherConfig.builder().matcherName("ARC").condition(condition).build());
        return matcher;
    }

    /** The message with a first ARC Set (cv=none) of example.org on top, as a list that handled it would add. */
    private static String sealed(String message) throws Exception {
        return String.join("\r\n", new ArcSealer(TestMails.KEY, SealingSettings.defaults())
            .seal(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), ChainValidationStatus.NONE,
                "example.org; spf=pass smtp.mailfrom=example.org")
            .fields()) + "\r\n" + message;
    }

    @Test
    void aSealThatVerifiesMatchesPass() throws Exception {
        Mail mail = TestMails.inbound(sealed(TestMails.MESSAGE));

        assertThat(matcher("pass").match(mail)).containsExactlyElementsOf(mail.getRecipients());
        assertThat(matcher("fail,none").match(mail)).isEmpty();
    }

    @Test
    void aMessageChangedAfterTheLastSealMatchesFail() throws Exception {
        Mail mail = TestMails.inbound(sealed(TestMails.MESSAGE).replace("Hello.", "Changed."));

        assertThat(matcher("fail").match(mail)).hasSize(1);
    }

    @Test
    void aMessageWithoutArcHeaderFieldsMatchesNone() throws Exception {
        assertThat(matcher("none").match(TestMails.inbound(TestMails.MESSAGE))).hasSize(1);
        assertThat(matcher("pass,fail").match(TestMails.inbound(TestMails.MESSAGE))).isEmpty();
    }

    @Test
    void mailThatIsNotInboundNeverMatches() throws Exception {
        Mail written = FakeMail.builder().name("bounce").mimeMessage(TestMails.mime(TestMails.MESSAGE)).recipient("alice@example.org")
            .attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build();

        assertThat(matcher("none,pass,fail").match(written)).isEmpty();
    }

    @Test
    void anUnknownStatusStopsStartUpNamingIt() {
        assertThatThrownBy(() -> matcher("pass,valid")).hasMessageContaining("unknown ARC chain validation status 'valid'")
            .hasMessageContaining("none, pass, fail");
        assertThatThrownBy(() -> matcher("")).hasMessageContaining("a condition is required");
    }
}
