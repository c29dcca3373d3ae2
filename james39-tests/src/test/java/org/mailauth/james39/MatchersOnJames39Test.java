package org.mailauth.james39;

import static org.assertj.core.api.Assertions.assertThat;


import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The pack's matchers, made by James 3.9.0 from the James 3.9 pack jar, on James 3.9's {@code Mail} and Jakarta Mail
 * messages, with real DNS on loopback ({@link James39Gateway}): SPF (RFC 7208), DKIM (RFC 6376), ARC (RFC 8617) and
 * DMARC (RFC 9989) results.
 */
class MatchersOnJames39Test {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\nTo: bob@gateway.test\r\nSubject: hello\r\n"
        + "Date: Mon, 30 Nov 2026 01:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nHello Bob.\r\n";

    private final James39Extensions extensions = James39Gateway.instance().extensions();

    @Test
    void theMatchersComeFromThePackJarThroughAClassLoaderOfTheirOwn() throws Exception {
        Matcher spf = extensions.matcher("org.mailauth.james.matchers.SPF", "fail");

        assertThat(spf.getClass().getClassLoader()).isNotSameAs(Matcher.class.getClassLoader());
        assertThat(spf.getClass().getProtectionDomain().getCodeSource().getLocation().getPath())
            .endsWith("/extensions-jars/" + PackJar.james39().path().getFileName());
    }

    @Test
    void spfFailMatchesMailFromAHostTheDomainDoesNotList() throws Exception {
        Matcher spf = extensions.matcher("org.mailauth.james.matchers.SPF", "fail");
        Mail forged = Mails.inbound("198.51.100.1", "alice@example.org", MESSAGE);
        Mail genuine = Mails.inbound("192.0.2.1", "alice@example.org", MESSAGE);

        assertThat(spf.match(forged)).containsExactlyElementsOf(forged.getRecipients());
        assertThat(spf.match(genuine)).isEmpty();
    }

    @Test
    void dmarcFailMatchesMailNeitherAlignedIdentifierPasses() throws Exception {
        Matcher dmarc = extensions.matcher("org.mailauth.james.matchers.DMARC", "fail");

        assertThat(dmarc.match(Mails.inbound("198.51.100.1", "alice@example.org", MESSAGE))).hasSize(1);
        assertThat(dmarc.match(Mails.inbound("192.0.2.1", "alice@example.org", MESSAGE))).isEmpty();
    }

    @Test
    void dmarcPolicyRejectMatchesTheFailingMailOfADomainThatAsksForIt() throws Exception {
        Matcher policy = extensions.matcher("org.mailauth.james.matchers.DMARCPolicy", "reject");

        assertThat(policy.match(Mails.inbound("198.51.100.1", "alice@example.org", MESSAGE))).hasSize(1);
    }

    @Test
    void dkimNoneMatchesUnsignedMail() throws Exception {
        Matcher dkim = extensions.matcher("org.mailauth.james.matchers.DKIM", "none");

        assertThat(dkim.match(Mails.inbound("192.0.2.1", "alice@example.org", MESSAGE))).hasSize(1);
    }

    @Test
    void arcNoneMatchesMailWithoutAChain() throws Exception {
        Matcher arc = extensions.matcher("org.mailauth.james.matchers.ARC", "none");

        assertThat(arc.match(Mails.inbound("192.0.2.1", "alice@example.org", MESSAGE))).hasSize(1);
    }

    @Test
    void outboundMailNeverMatches() throws Exception {
        Matcher spf = extensions.matcher("org.mailauth.james.matchers.SPF", "fail,softfail,none");

        assertThat(spf.match(Mails.outbound("alice@example.org", MESSAGE))).isEmpty();
    }
}
