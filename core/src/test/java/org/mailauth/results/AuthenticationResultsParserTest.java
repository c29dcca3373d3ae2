package org.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading Authentication-Results (RFC 8601 §2.2): what our builder writes reads back the same, and so do other MTAs' fields. */
class AuthenticationResultsParserTest {

    private static AuthenticationResultsField read(String value) {
        return AuthenticationResultsField.parse(value).orElseThrow();
    }

    @Test
    void whatTheBuilderWritesReadsBackTheSame() {
        AuthenticationResultsField field = new AuthenticationResultsField(AuthservId.of("mx.example.com"), List.of(
            new MethodResult("spf", "pass", Optional.empty(), List.of(new MethodResult.Property("smtp", "mailfrom", "alice@example.org"))),
            new MethodResult("dkim", "fail", Optional.of("body hash did not verify"), List.of(
                new MethodResult.Property("header", "d", "example.org"), new MethodResult.Property("header", "s", "sel 1"),
                new MethodResult.Property("header", "b", "AbC+/d=="))),
            new MethodResult("dmarc", "fail", Optional.of("p=reject; policy_test_mode"), List.of(
                new MethodResult.Property("header", "from", "example.org"), new MethodResult.Property("policy", "dmarc", "quarantine")))));

        AuthenticationResultsField read = read(field.value());

        assertThat(read.authservId().value()).isEqualTo("mx.example.com");
        assertThat(read.results()).extracting(MethodResult::toString)
            .containsExactlyElementsOf(field.results().stream().map(MethodResult::toString).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void noneHasNoResults() {
        assertThat(read("mx.example.com; none").results()).isEmpty();
    }

    @Test
    void commentsVersionsAndCaseAreHandledAsTheRfcSays() {
        AuthenticationResultsField read = read("(upstream) mx.example.net 1; (a comment) SPF=Pass (sender SPF authorized) "
            + "smtp.mailfrom=\"alice@example.org\"; dkim/1=pass header.i=@example.org; iprev=pass policy.iprev=192.0.2.200");

        assertThat(read.authservId().value()).isEqualTo("mx.example.net");
        assertThat(read.results()).extracting(MethodResult::toString).containsExactly(
            "spf=pass smtp.mailfrom=alice@example.org", "dkim=pass header.i=@example.org", "iprev=pass policy.iprev=192.0.2.200");
    }

    @Test
    void aFieldThatCannotBeReadIsEmpty() {
        assertThat(AuthenticationResultsField.parse("")).isEmpty();
        assertThat(AuthenticationResultsField.parse("mx.example.com; spf")).isEmpty();
        assertThat(AuthenticationResultsField.parse("mx.example.com; spf=pass smtp.mailfrom=\"unterminated")).isEmpty();
    }
}
