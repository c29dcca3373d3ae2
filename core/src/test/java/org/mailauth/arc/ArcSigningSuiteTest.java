package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.results.AuthenticationResultsField;

/**
 * The ValiMail ARC signing suite (RFC 8617 §5.1): the AAR, AMS and AS we add are the ones the suite expects, byte for
 * byte but white space (RSA signatures are deterministic, so b= is compared too), and the sealed message validates.
 * The AAR's payload is the suite's "AR consolidation": the results of every Authentication-Results field of srv-id, in
 * order; the incoming chain's status is our own validation's, which must agree with the arc= the suite stamped there.
 */
class ArcSigningSuiteTest {

    static Stream<ArcSuite.Case> cases() {
        return ArcSuite.load("/arc/arc-draft-sign-tests.yml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sealsAsTheSuiteExpects(ArcSuite.Case test) throws Exception {
        byte[] message = test.message();
        long t = Long.parseLong(test.text("t").trim());
        ArcVerifier verifier = new ArcVerifier(test.dns(), DkimSettings.defaults());
        ArcVerification incoming = verifier.verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
        String srvId = test.text("srv-id").trim();
        List<String> results = consolidatedResults(HeaderSection.of(message), srvId);
        results.stream().filter(result -> result.startsWith("arc=")).forEach(stamped ->
            assertThat(stamped).as("the arc= the suite stamped").isEqualTo("arc=" + incoming.status().keyword()));

        SigningKey key = PrivateKeys.parse(test.scenarioFields.get("privatekey").toString(), test.scenarioFields.get("domain").toString(),
            test.scenarioFields.get("sel").toString());
        ArcSealer sealer = new ArcSealer(key, SealingSettings.defaults()
            .withHeaders(Arrays.asList(test.text("sig-headers").trim().split(":")))
            .withClock(Clock.fixed(Instant.ofEpochSecond(t), ZoneOffset.UTC)));
        ArcSealing sealing = sealer.seal(new ByteArrayInputStream(message), incoming.status(), srvId + "; " + String.join("; ", results));

        if (test.text("AS").isBlank()) {
            assertThat(sealing.notSealedReason()).as("a chain whose latest seal says cv=fail gets no set (RFC 8617 §5.1 step 2)")
                .hasValueSatisfying(reason -> assertThat(reason).contains("cv=fail"));
            return;
        }
        assertThat(sealing.sealed()).isTrue();
        assertThat(value(sealing.fields().get(2))).as("AAR").isEqualTo(withoutWhitespace(test.text("AAR")));
        assertThat(value(sealing.fields().get(1))).as("AMS").isEqualTo(withoutWhitespace(test.text("AMS")));
        assertThat(value(sealing.fields().get(0))).as("AS").isEqualTo(withoutWhitespace(test.text("AS")));
        String sealed = String.join("\r\n", sealing.fields()) + "\r\n" + new String(message, StandardCharsets.ISO_8859_1);
        ArcVerification after = verifier.verify(new ByteArrayInputStream(sealed.getBytes(StandardCharsets.ISO_8859_1)))
            .toCompletableFuture().join();
        assertThat(after.status()).as("%s", after)
            .isEqualTo(incoming.status() == ChainValidationStatus.FAIL ? ChainValidationStatus.FAIL : ChainValidationStatus.PASS);
    }

    /** The suite's AR consolidation: each result of every Authentication-Results field of {@code srvId}, in order. */
    private static List<String> consolidatedResults(HeaderSection section, String srvId) {
        List<String> results = new ArrayList<>();
        for (HeaderField field : section.fields()) {
            if (field.hasName(AuthenticationResultsField.NAME)
                && AuthenticationResultsField.claimedAuthservId(field.value()).orElse("").equals(srvId)) {
                String payload = field.value().substring(field.value().indexOf(';') + 1);
                Arrays.stream(payload.split(";")).map(result -> result.trim().replaceAll("\\s+", " "))
                    .filter(result -> !result.isEmpty()).forEach(results::add);
            }
        }
        return results;
    }

    private static String value(String field) {
        return withoutWhitespace(field.substring(field.indexOf(':') + 1));
    }

    private static String withoutWhitespace(String text) {
        return text.chars().filter(c -> !Character.isWhitespace(c)).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
    }
}
