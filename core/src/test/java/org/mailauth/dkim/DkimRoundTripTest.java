package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;

/** What our signer signs, our verifier verifies, for both algorithms and every canonicalization; changes break it. */
class DkimRoundTripTest {

    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .txt("rsa._domainkey.example.org", TestKeys.rsa2048("rsa").publicKeyRecord())
        .txt("ed._domainkey.example.org", TestKeys.ed25519("ed").publicKeyRecord())
        .build();

    static Stream<Arguments> combinations() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (SigningKey key : new SigningKey[] {TestKeys.rsa2048("rsa"), TestKeys.ed25519("ed")}) {
            for (Canonicalization header : Canonicalization.values()) {
                for (Canonicalization body : Canonicalization.values()) {
                    all.add(Arguments.of(key, header, body));
                }
            }
        }
        return all.build();
    }

    private static String sign(SigningKey key, Canonicalization header, Canonicalization body, String message) {
        return Messages.signed(new DkimSigner(key, SigningSettings.builder().canonicalization(header, body).build()), message);
    }

    private static DkimResult verify(String message) {
        return Messages.verify(new DkimVerifier(DNS, DkimSettings.defaults()), message).verdict();
    }

    @ParameterizedTest(name = "{0} {1}/{2}")
    @MethodSource("combinations")
    void aSignedMessageVerifies(SigningKey key, Canonicalization header, Canonicalization body) {
        assertThat(verify(sign(key, header, body, Messages.PLAIN))).isEqualTo(DkimResult.PASS);
    }

    @ParameterizedTest(name = "{0} {1}/{2}")
    @MethodSource("combinations")
    void aChangedSignedHeaderFails(SigningKey key, Canonicalization header, Canonicalization body) {
        String signed = sign(key, header, body, Messages.PLAIN);

        assertThat(verify(signed.replace("Subject: Lunch", "Subject: Dinner"))).isEqualTo(DkimResult.FAIL);
    }

    @ParameterizedTest(name = "{0} {1}/{2}")
    @MethodSource("combinations")
    void aChangedBodyFails(SigningKey key, Canonicalization header, Canonicalization body) {
        String signed = sign(key, header, body, Messages.PLAIN);

        assertThat(verify(signed.replace("noon", "one"))).isEqualTo(DkimResult.FAIL);
    }

    @ParameterizedTest(name = "{0} {1}/{2}")
    @MethodSource("combinations")
    void bareLineFeedsVerifyLikeCrlf(SigningKey key, Canonicalization header, Canonicalization body) {
        String signed = sign(key, header, body, Messages.PLAIN);

        assertThat(verify(signed.replace("\r\n", "\n"))).isEqualTo(DkimResult.PASS);
    }
}
