package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;

/** RFC 8463 Appendix A: the example message carries an ed25519-sha256 and an rsa-sha256 signature; both verify. */
public class Rfc8463ExampleTest {

    public static final String ED25519_KEY = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    public static final String RSA_KEY = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

    static InMemoryDnsResolver appendixA2() {
        return InMemoryDnsResolver.builder()
            .txt("brisbane._domainkey.football.example.com", ED25519_KEY)
            .txt("test._domainkey.football.example.com", RSA_KEY)
            .build();
    }

    @Test
    void bothSignaturesOfTheExampleVerify() throws Exception {
        DkimVerifier verifier = new DkimVerifier(appendixA2(), DkimSettings.builder()
            .clock(Clock.fixed(Instant.ofEpochSecond(1528637909L + 3600), ZoneOffset.UTC)).build());

        DkimVerification verification;
        try (InputStream message = getClass().getResourceAsStream("/dkim/rfc8463/rfc8463-example-signed.eml")) {
            verification = verifier.verify(message).toCompletableFuture().join();
        }

        assertThat(verification.signatures()).extracting(DkimSignatureResult::toString)
            .containsExactly("pass d=football.example.com s=brisbane a=ed25519-sha256",
                "pass d=football.example.com s=test a=rsa-sha256");
        assertThat(verification.signatures().get(0).keyBits()).hasValue(256);
        assertThat(verification.signatures().get(1).keyBits()).hasValue(1024);
        assertThat(verification.verdict()).isEqualTo(DkimResult.PASS);
    }
}
