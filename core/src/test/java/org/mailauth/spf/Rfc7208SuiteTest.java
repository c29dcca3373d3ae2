package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenSPF RFC 7208 test suite: all 203 cases, each over real DNS (see {@link OpenSpfSuite.Runner}),
 * explanations included. "DEFAULT" as the expected explanation means the implementation's own.
 */
class Rfc7208SuiteTest {

    private static OpenSpfSuite.Runner runner;

    @BeforeAll
    static void start() {
        runner = new OpenSpfSuite.Runner();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static Stream<OpenSpfSuite.Case> cases() {
        return OpenSpfSuite.load("/spf/rfc7208-tests.yml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conforms(OpenSpfSuite.Case test) throws Exception {
        SpfResult result = runner.evaluate(test);

        assertThat(result.code().keyword()).as("%s (spec %s): %s", test.name, test.spec, result).isIn(test.results);
        if (test.explanation != null && result.code() == SpfResult.Code.FAIL && !test.explanation.equals("DEFAULT")) {
            assertThat(result.explanation()).as("explanation of %s", test.name).hasValue(test.explanation);
        }
    }
}
