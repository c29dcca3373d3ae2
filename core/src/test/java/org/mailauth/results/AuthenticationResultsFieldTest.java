package org.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** RFC 8601 §2.2 syntax of the field this pack writes and of the fields it reads back. */
class AuthenticationResultsFieldTest {

    private static final AuthservId MX = AuthservId.of("mx.example.com");

    @Test
    void withoutAnyMethodTheFieldSaysNone() {
        assertThat(new AuthenticationResultsField(MX, List.of()).value()).isEqualTo("mx.example.com; none");
    }

    @Test
    void eachMethodResultFollowsOnItsOwnFoldedLine() {
        MethodResult spf = new MethodResult("spf", "pass", Optional.empty(),
            List.of(new MethodResult.Property("smtp", "mailfrom", "sender@example.org")));
        MethodResult dkim = new MethodResult("dkim", "fail", Optional.of("body hash did not verify"),
            List.of(new MethodResult.Property("header", "d", "example.org"),
                new MethodResult.Property("header", "b", "abc/def+")));

        assertThat(new AuthenticationResultsField(MX, List.of(spf, dkim)).value()).isEqualTo(
            "mx.example.com;\r\n\tspf=pass smtp.mailfrom=sender@example.org;\r\n\t"
                + "dkim=fail reason=\"body hash did not verify\" header.d=example.org header.b=\"abc/def+\"");
    }

    @Test
    void theClaimedAuthservIdIsTheFirstToken() {
        assertThat(AuthenticationResultsField.claimedAuthservId("mx.example.com; spf=pass")).hasValue("mx.example.com");
        assertThat(AuthenticationResultsField.claimedAuthservId("mx.example.com 1; none")).hasValue("mx.example.com");
        assertThat(AuthenticationResultsField.claimedAuthservId("mx.example.com;none")).hasValue("mx.example.com");
    }

    @Test
    void commentsAndFoldingBeforeTheAuthservIdAreSkipped() {
        assertThat(AuthenticationResultsField.claimedAuthservId(" (a (nested) comment)\r\n\tmx.example.com; none"))
            .hasValue("mx.example.com");
    }

    @Test
    void aQuotedAuthservIdIsUnquoted() {
        assertThat(AuthenticationResultsField.claimedAuthservId("\"mx.example.com\"; none")).hasValue("mx.example.com");
    }

    @Test
    void aFieldWithoutAnAuthservIdClaimsNone() {
        assertThat(AuthenticationResultsField.claimedAuthservId("")).isEmpty();
        assertThat(AuthenticationResultsField.claimedAuthservId("  (only a comment)")).isEmpty();
        assertThat(AuthenticationResultsField.claimedAuthservId("; spf=pass")).isEmpty();
        assertThat(AuthenticationResultsField.claimedAuthservId("\"unterminated")).isEmpty();
    }
}
