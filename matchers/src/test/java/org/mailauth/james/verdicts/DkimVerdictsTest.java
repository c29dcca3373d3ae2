package org.mailauth.james.verdicts;

import static org.assertj.core.api.Assertions.assertThat;



import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSettings;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;

/** DKIM once per mail, per-signature results kept as attributes for DMARC and Authentication-Results. */
class DkimVerdictsTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("sel._domainkey.example.org", TestMails.KEY.publicKeyRecord()).build();
    private final DkimVerdicts verdicts = new DkimVerdicts(new DkimVerifier(dns, DkimSettings.defaults()), InboundPolicy.defaults());

    private static String signed(String message) throws Exception {
        return TestMails.signed(message);
    }

    private static Mail inbound(String message) throws Exception {
        return TestMails.inbound(message);
    }

    private static final String MESSAGE = TestMails.MESSAGE;

    @Test
    void aSignedMailPassesAndEachSignatureIsKept() throws Exception {
        Mail mail = inbound(signed(MESSAGE));

        DkimVerification verification = verdicts.of(mail).orElseThrow();

        assertThat(verification.verdict()).isEqualTo(DkimResult.PASS);
        assertThat(mail.getAttribute(DkimAttributes.RESULT).map(attribute -> (Object) attribute.getValue().value())).hasValue("pass");
        DkimSignatureResult kept = DkimAttributes.read(mail).orElseThrow().signatures().get(0);
        assertThat(kept.domain()).isEqualTo("example.org");
        assertThat(kept.selector()).isEqualTo("sel");
        assertThat(kept.keyBits()).hasValue(2048);
        assertThat(kept.result()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void theVerificationRunsOnce() throws Exception {
        Mail mail = inbound(signed(MESSAGE));

        verdicts.of(mail);
        verdicts.of(mail);

        assertThat(dns.lookups("sel._domainkey.example.org", RecordType.TXT)).isEqualTo(1);
    }

    @Test
    void aChangedBodyFails() throws Exception {
        assertThat(verdicts.of(inbound(signed(MESSAGE).replace("Hello.", "Hello!"))).orElseThrow().verdict())
            .isEqualTo(DkimResult.FAIL);
    }

    @Test
    void anUnsignedMailIsNoneAndOutboundMailIsNotVerified() throws Exception {
        assertThat(verdicts.of(inbound(MESSAGE)).orElseThrow().verdict()).isEqualTo(DkimResult.NONE);
        Mail outbound = inbound(signed(MESSAGE));
        outbound.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice")));
        assertThat(verdicts.of(outbound)).isEmpty();
    }
}
