package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The Received-SPF field (RFC 7208 §9.1) and the spf= part of Authentication-Results (RFC 8601 §2.7.2). */
class ReceivedSpfTest {

    private static SpfResult result(SpfResult.Code code, SpfResult.Identity identity, Optional<String> problem) throws Exception {
        return new SpfResult(code, identity, "alice@example.org", "example.org", InetAddress.getByName("2001:db8:0:0::1"),
            "mail.example.org", Optional.empty(), Optional.of("ip6:2001:db8::/32"), problem, 1, 0);
    }

    @Test
    void aPassSaysWhoDesignatedWhomAndHowItWasDecided() throws Exception {
        assertThat(result(SpfResult.Code.PASS, SpfResult.Identity.MAILFROM, Optional.empty())
            .receivedSpf("mx.example.com", "alice@example.org")).isEqualTo(
            "pass (mx.example.com: domain of alice@example.org designates 2001:db8::1 as permitted sender)"
                + "\r\n\tclient-ip=2001:db8::1; envelope-from=\"alice@example.org\";"
                + "\r\n\thelo=mail.example.org; receiver=mx.example.com; identity=mailfrom;"
                + "\r\n\tmechanism=\"ip6:2001:db8::/32\"");
    }

    @Test
    void errorsCarryTheirProblem() throws Exception {
        assertThat(result(SpfResult.Code.PERMERROR, SpfResult.Identity.MAILFROM, Optional.of("two \"SPF\" records"))
            .receivedSpf("mx.example.com", "alice@example.org"))
            .startsWith("permerror (mx.example.com: domain of alice@example.org has an SPF record this receiver cannot use)")
            .endsWith("problem=\"two \\\"SPF\\\" records\"");
    }

    @Test
    void theNullSenderIsAnEmptyQuotedEnvelopeFrom() throws Exception {
        assertThat(result(SpfResult.Code.NONE, SpfResult.Identity.MAILFROM, Optional.empty()).receivedSpf("mx.example.com", ""))
            .contains("envelope-from=\"\";");
    }

    @Test
    void authenticationResultsNameTheCheckedIdentity() throws Exception {
        assertThat(result(SpfResult.Code.PASS, SpfResult.Identity.MAILFROM, Optional.empty()).authenticationResult().toString())
            .isEqualTo("spf=pass smtp.mailfrom=alice@example.org");
        assertThat(result(SpfResult.Code.SOFTFAIL, SpfResult.Identity.HELO, Optional.empty()).authenticationResult().toString())
            .isEqualTo("spf=softfail smtp.helo=mail.example.org");
        assertThat(result(SpfResult.Code.TEMPERROR, SpfResult.Identity.MAILFROM, Optional.of("timeout")).authenticationResult().toString())
            .isEqualTo("spf=temperror reason=\"timeout\" smtp.mailfrom=alice@example.org");
    }
}
