package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.dkim.verify.DkimSettings;

/** The ValiMail ARC validation suite (RFC 8617 §5.2): every case's Chain Validation Status. */
class ArcValidationSuiteTest {

    /**
     * Cases whose {@code cv:} the suite leaves empty: each has an ARC-Seal with cv=fail, which RFC 8617 §5.2 steps 2
     * and 3.C make a failed chain. (Mail::DKIM's older copy of the suite writes Fail for them.)
     */
    static final Map<String, String> EMPTY_IN_THE_SUITE = Map.of(
        "cv_fail_i1_as_cv_fail", "fail",
        "cv_fail_i2_as2_fail", "fail",
        "cv_fail_i2_as1_fail", "fail");

    /** Cases we do not follow, with the reason (docs/arc.md counts them). */
    static final Map<String, String> SKIPPED = Map.of(
        "ams_fields_c_na", "an AMS without c= is simple/simple, as RFC 8617 §4.1.2 imports it from DKIM (RFC 6376 §3.5); the suite's "
            + "case was signed with relaxed header canonicalization, which no RFC makes the default");

    static Stream<ArcSuite.Case> cases() {
        return ArcSuite.load("/arc/arc-draft-validation-tests.yml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheChainValidationStatusTheSuiteExpects(ArcSuite.Case test) throws Exception {
        assumeFalse(SKIPPED.containsKey(test.name), () -> SKIPPED.get(test.name));
        ArcVerifier verifier = new ArcVerifier(test.dns(), DkimSettings.builder()
            .clock(Clock.fixed(Instant.parse("2018-11-23T00:00:00Z"), ZoneOffset.UTC)).build());

        ArcVerification verification = verifier.verify(new ByteArrayInputStream(test.message())).toCompletableFuture().join();

        assertThat(verification.status().keyword()).as("%s (%s): %s — %s", test.name, test.scenario, verification, test.text("description"))
            .isEqualTo(expected(test));
    }

    private static String expected(ArcSuite.Case test) {
        String cv = test.text("cv").trim().toLowerCase(Locale.ROOT);
        return cv.isEmpty() ? EMPTY_IN_THE_SUITE.get(test.name) : cv;
    }
}
