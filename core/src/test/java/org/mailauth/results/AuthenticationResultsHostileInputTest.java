package org.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailauth.testkit.fuzz.Mutator;

/** Hostile Authentication-Results fields (issue 9): reading one ends in a field or "unreadable", never an exception. */
class AuthenticationResultsHostileInputTest {

    @Test
    void fieldsNeverThrow() {
        Mutator mutator = new Mutator(Mutator.seed(8601), List.of("mx.example.com 1; spf=pass (comment) smtp.mailfrom=a@example.org; "
            + "dkim=fail reason=\"bad \\\"sig\\\"\" header.d=example.org header.b=AbC+/d==; dmarc=pass header.from=example.org",
            "(x) \"quoted id\"; none"));
        long tried = mutator.run(Mutator.budget(), Mutator.limit(50_000), text -> {
            AuthenticationResultsField.parse(text);
            AuthenticationResultsField.claimedAuthservId(text);
        });
        System.out.println("fuzz AuthenticationResultsField.parse: " + tried + " inputs");
        assertThat(tried).isPositive();
    }
}
