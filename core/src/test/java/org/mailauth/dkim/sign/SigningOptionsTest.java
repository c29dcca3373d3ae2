package org.mailauth.dkim.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;

/** The signing options as admins write them (mailet parameters, command line), each refused with what it should be. */
class SigningOptionsTest {

    private static SigningOptions options() {
        return new SigningOptions(Clock.systemUTC());
    }

    @Test
    void theAlgorithmsASignerMakesAreRsaSha256AndEd25519Sha256() {
        assertThat(SigningOptions.algorithm("rsa-sha256")).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(SigningOptions.algorithm("ed25519-sha256")).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        assertThatThrownBy(() -> SigningOptions.algorithm("rsa-sha1"))
            .hasMessage("rsa-sha256 or ed25519-sha256 (rsa-sha1 is not allowed, RFC 8301 §3.1), not 'rsa-sha1'");
    }

    @Test
    void canonicalizationIsHeaderSlashBodyAndTheBodyIsSimpleWhenNotGiven() {
        SigningSettings both = options().canonicalization("simple/relaxed").settings();
        SigningSettings headerOnly = options().canonicalization("Relaxed").settings();

        assertThat(List.of(both.headerCanonicalization(), both.bodyCanonicalization()))
            .containsExactly(Canonicalization.SIMPLE, Canonicalization.RELAXED);
        assertThat(List.of(headerOnly.headerCanonicalization(), headerOnly.bodyCanonicalization()))
            .containsExactly(Canonicalization.RELAXED, Canonicalization.SIMPLE);
    }

    @Test
    void aCanonicalizationThatIsNotTwoKnownNamesIsRefused() {
        for (String text : new String[] {"relaxed/nofws", "relaxed/relaxed/relaxed", "/relaxed", "relaxed/", "strict"}) {
            assertThatThrownBy(() -> options().canonicalization(text)).as(text)
                .hasMessage("HEADER/BODY, each simple or relaxed, not '" + text + "'");
        }
    }

    @Test
    void headersAreFieldNamesSeparatedByColons() {
        assertThat(options().headers("from : to:subject:").settings().headers()).containsExactly("from", "to", "subject");
        assertThatThrownBy(() -> options().headers("from:content type"))
            .hasMessageContaining("field names separated by colons").hasMessageEndingWith("not 'from:content type'");
    }

    @Test
    void expirationSetsTheLifetimeOfX() {
        assertThat(options().expiration("7d").settings().lifetime()).hasValue(Duration.ofDays(7));
        assertThat(options().settings().lifetime()).isEmpty();
        assertThatThrownBy(() -> options().expiration("a week")).hasMessageEndingWith("not 'a week'");
    }
}
