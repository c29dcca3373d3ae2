package org.mailauth.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.spf.SpfResult;

/**
 * What a receiver refuses at the end of DATA (RFC 9989 §5.3, RFC 7208 §8, RFC 7372): DMARC reject always; temperror,
 * SPF fail without DMARC and permerrors only when the operator asks; nothing the sender chose in a reply unescaped.
 */
class RefusalPolicyTest {

    private static final InetAddress SPOOFER = InetAddress.getLoopbackAddress();

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("reject.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("_dmarc.reject.example", "v=DMARC1; p=reject")
        .txt("quarantine.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
        .txt("testing.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("_dmarc.testing.example", "v=DMARC1; p=reject; t=y")
        .txt("nodmarc.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("broken.example", "v=spf1 ip4:192.0.2.0/24 frobnicate -all")
        .txt("slow.example", "v=spf1 ip4:192.0.2.0/24 -all")
        .temporaryFailure("_dmarc.slow.example")
        .build();
    private final MessageAuthenticator authenticator = new MessageAuthenticator(dns, AuthenticationSettings.builder().build());

    private Authentication spoofOf(String domain) {
        return from(domain, "ceo@" + domain);
    }

    private Authentication from(String domain, String mailFrom) {
        String message = "From: ceo@" + domain + "\r\nTo: bob@gateway.test\r\nSubject: wire\r\n\r\nPay now.\r\n";
        try {
            return authenticator.authenticate(new SmtpFacts(SPOOFER, "spoofer.example", mailFrom),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))).toCompletableFuture().join();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RefusalPolicy policy(Map<String, String> parameters) {
        return RefusalPolicy.parse(List.copyOf(parameters.keySet()), name -> Optional.ofNullable(parameters.get(name)));
    }

    @Test
    void aDmarcRejectIsRefusedWith550NamingTheAuthorDomain() {
        Refusal refusal = RefusalPolicy.defaults().refusal(spoofOf("reject.example")).orElseThrow();

        assertThat(refusal.code()).isEqualTo("550");
        assertThat(refusal.status()).isEqualTo("5.7.1");
        assertThat(refusal.text()).isEqualTo("Message refused: the DMARC policy of reject.example says reject (RFC 9989)");
        assertThat(refusal.permanent()).isTrue();
    }

    @Test
    void quarantineAndATestingRejectAreAccepted() {
        assertThat(RefusalPolicy.defaults().refusal(spoofOf("quarantine.example"))).isEmpty();
        assertThat(RefusalPolicy.defaults().refusal(spoofOf("testing.example"))).as("t=y: quarantine instead (RFC 9989 §4.7)").isEmpty();
    }

    @Test
    void aTemporaryFailureIsAcceptedUnlessTheOperatorDefersIt() {
        assertThat(RefusalPolicy.defaults().refusal(spoofOf("slow.example"))).isEmpty();

        Refusal refusal = policy(Map.of("temperror", "defer")).refusal(spoofOf("slow.example")).orElseThrow();
        assertThat(refusal.code()).isEqualTo("451");
        assertThat(refusal.status()).isEqualTo("4.7.1");
        assertThat(refusal.permanent()).isFalse();
    }

    @Test
    void anSpfFailIsRefusedOnlyWhenAskedAndOnlyWithoutADmarcPolicy() {
        assertThat(RefusalPolicy.defaults().refusal(spoofOf("nodmarc.example"))).isEmpty();

        RefusalPolicy strict = policy(Map.of("spfFail", "refuse"));
        assertThat(strict.refusal(spoofOf("nodmarc.example"))).map(Refusal::toString)
            .hasValue("550 5.7.23 SPF validation failed: nodmarc.example does not permit this host to send its mail (RFC 7208)");
        assertThat(strict.refusal(spoofOf("quarantine.example"))).as("DMARC says what the domain wants").isEmpty();
    }

    @Test
    void permerrorsAreRefusedOnlyForTheMethodsNamed() {
        assertThat(RefusalPolicy.defaults().refusal(spoofOf("broken.example"))).isEmpty();
        assertThat(policy(Map.of("permerror", "spf")).refusal(spoofOf("broken.example"))).map(Refusal::status).hasValue("5.7.24");
        assertThat(policy(Map.of("permerror", "dmarc")).refusal(spoofOf("broken.example"))).isEmpty();
    }

    @Test
    void whatTheSenderChoseNeverStandsInAReplyUnescaped() {
        Authentication unsigned = spoofOf("nodmarc.example");
        SpfResult hostile = new SpfResult(SpfResult.Code.FAIL, SpfResult.Identity.MAILFROM, "x@evil\r\n250 2.0.0 ok",
            "evil\r\n250 2.0.0 ok\u00e9", SPOOFER, "h", Optional.empty(), Optional.empty(), Optional.empty(), 1, 0);

        Refusal refusal = policy(Map.of("spfFail", "refuse")).refusal(new Authentication(hostile, unsigned.dkim(), unsigned.arc(), unsigned.dmarc()))
            .orElseThrow();

        assertThat(refusal.text()).startsWith("SPF validation failed: evil??250?2.0.0?ok? does not").matches("[ -~]*");
    }

    @Test
    void anUnknownOrUnreadableParameterIsRefusedByName() {
        assertThatThrownBy(() -> policy(Map.of("tempError", "defer"))).hasMessageContaining("unknown parameter(s) [tempError]")
            .hasMessageContaining("[permerror, spfFail, temperror]");
        assertThatThrownBy(() -> policy(Map.of("temperror", "reject"))).hasMessage("invalid parameter temperror: accept or defer, not 'reject'");
        assertThatThrownBy(() -> policy(Map.of("permerror", "spf,dkim"))).hasMessageContaining("not 'dkim'");
    }
}
