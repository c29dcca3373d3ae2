package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * Hostile input to ARC (issue 17): mutated ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results fields, header
 * sections and whole sealed messages end in a result or an ArcSyntaxException, never another exception; huge fields
 * and thousands of ARC fields end in {@code fail} with a reason. Seeded and bounded (see docs/reliability.md); the
 * seeds are sealed with fixed keys and a fixed clock, so a failure replays. The number of inputs tried is printed.
 */
class ArcHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private final Hop origin = Hop.ed25519("origin.example");
    private final Hop list = Hop.of(PrivateKeys.parse(suiteKey(), "lists.example", "dummy"));
    private final Hop forwarder = Hop.ed25519("forwarder.example");
    private final InMemoryDnsResolver dns = forwarder.publish(list.publish(origin.publish(InMemoryDnsResolver.builder()))).build();
    private final ArcVerifier verifier = new ArcVerifier(dns, DkimSettings.defaults());

    private final byte[] once = origin.relay(Hop.bytes(Hop.MESSAGE), verifier);
    private final byte[] twice = list.relay(once, verifier);
    private final byte[] thrice = forwarder.relay(twice, verifier);
    private final byte[] latestFailed = list.seal(once, ChainValidationStatus.FAIL);
    private final byte[] changedByTheList = list.seal(Hop.bytes(Hop.text(once) + "--\r\nfooter\r\n"), ChainValidationStatus.PASS);

    /** The RSA key of the ValiMail signing suite (1024 bits): a fixed RSA key, so RSA seeds are the same in every run. */
    private static String suiteKey() {
        return ArcSuite.load("/arc/arc-draft-sign-tests.yml").get(0).scenarioFields.get("privatekey").toString();
    }

    private static void report(String parser, long tried) {
        System.out.println("fuzz " + parser + ": " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    private List<String> fields(String name) {
        return List.of(field(thrice, name, 1), field(thrice, name, 2), field(thrice, name, 3), field(latestFailed, name, 2));
    }

    private static String field(byte[] message, String name, int instance) {
        return HeaderSection.of(message).fields().stream()
            .filter(field -> field.hasName(name) && field.value().matches("(?s).*\\bi=" + instance + ";.*")).findFirst().orElseThrow().raw();
    }

    private static String headerSection(byte[] message) {
        String text = Hop.text(message);
        return text.substring(0, text.indexOf("\r\n\r\n") + 4);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sealFieldsNeverThrowAnythingButSyntaxErrors() {
        Mutator mutator = new Mutator(Mutator.seed(8617), concat(fields(ArcSeal.NAME),
            "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.org.; s=dummy; t=12345; h=from; b=AAAA"));
        report("ArcSeal.parse", mutator.run(BUDGET, Mutator.limit(50_000), text -> {
            try {
                ArcSeal seal = ArcSeal.parse(HeaderField.of(text));
                assertThat(seal.instance()).isBetween(1, 50);
                assertThat(seal.signature()).isNotEmpty();
            } catch (ArcSyntaxException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }));
    }

    @Test
    void messageSignatureFieldsNeverThrowAnythingButSyntaxErrors() {
        Mutator mutator = new Mutator(Mutator.seed(8617 + 1), concat(fields(ArcMessageSignature.NAME),
            "ARC-Message-Signature: v=1; i=50; a=ed25519-sha256; c=simple; d=ex.example.; s=s; h=From:To::Subject; l=100; t=1; bh=AAAA; b=AAAA"));
        report("ArcMessageSignature.parse", mutator.run(BUDGET, Mutator.limit(50_000), text -> {
            try {
                ArcMessageSignature signature = ArcMessageSignature.parse(HeaderField.of(text));
                assertThat(signature.instance()).isBetween(1, 50);
                assertThat(signature.signature()).isNotEmpty();
            } catch (ArcSyntaxException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }));
    }

    @Test
    void authenticationResultsFieldsNeverThrowAnythingButSyntaxErrors() {
        Mutator mutator = new Mutator(Mutator.seed(8617 + 2), concat(fields(ArcAuthenticationResults.NAME),
            "ARC-Authentication-Results: i=1; mx.example (comment) 1; arc=pass (\"quoted\") header.oldest-pass=0; "
                + "dkim=pass header.d=example.org header.s=sel; spf=pass smtp.mailfrom=\"a;b\"@example.org; dmarc=fail reason=\"p=reject\""));
        report("ArcAuthenticationResults.parse", mutator.run(BUDGET, Mutator.limit(50_000), text -> {
            try {
                ArcAuthenticationResults results = ArcAuthenticationResults.parse(HeaderField.of(text));
                assertThat(results.instance()).isBetween(1, 50);
                assertThat(results.results()).isNotNull();
            } catch (ArcSyntaxException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }));
    }

    @Test
    void headerSectionsAlwaysGiveAChainOrTheReasonItIsBroken() {
        Mutator mutator = new Mutator(Mutator.seed(8617 + 3), List.of(headerSection(thrice), headerSection(latestFailed),
            headerSection(changedByTheList), headerSection(thrice) + headerSection(twice)));
        report("ArcChain.of", mutator.run(BUDGET, Mutator.limit(50_000), text -> {
            ArcChain chain = ArcChain.of(HeaderSection.of(utf8(text)).fields());
            if (!chain.present()) {
                assertThat(chain.broken()).isEmpty();
                assertThat(chain.sets()).isEmpty();
            } else if (chain.broken().isPresent()) {
                assertThat(chain.broken().get()).isNotBlank();
                assertThat(chain.sets()).isEmpty();
            } else {
                assertThat(chain.sets()).hasSize(chain.highestInstance());
                for (int i = 0; i < chain.sets().size(); i++) {
                    ArcSet set = chain.sets().get(i);
                    assertThat(set.instance()).isEqualTo(i + 1);
                    assertThat(set.messageSignature().instance()).isEqualTo(i + 1);
                    assertThat(set.authenticationResults().instance()).isEqualTo(i + 1);
                    assertThat(set.seal().chainValidation()).isEqualTo(i == 0 ? ChainValidationStatus.NONE : ChainValidationStatus.PASS);
                }
            }
        }));
    }

    @Test
    void wholeSealedMessagesAlwaysGetAValidation() {
        Mutator mutator = new Mutator(Mutator.seed(8617 + 4), List.of(Hop.text(thrice), Hop.text(twice), Hop.text(latestFailed),
            Hop.text(changedByTheList), Hop.MESSAGE));
        report("ArcVerifier.verify", mutator.run(BUDGET, Mutator.limit(20_000), text -> {
            ArcVerification verification = Hop.verify(verifier, utf8(text));
            assertValidation(verification);
        }));
    }

    @Test
    void wholeMessagesAreSealedOrGiveTheReasonWhyNot() {
        Hop sealer = Hop.ed25519("sealer.example");
        Mutator mutator = new Mutator(Mutator.seed(8617 + 5), List.of(Hop.text(thrice), Hop.text(latestFailed), Hop.MESSAGE));
        report("ArcSealer.seal", mutator.run(BUDGET, Mutator.limit(20_000), text -> {
            ArcSealing sealing = sealer.sealing(utf8(text), ChainValidationStatus.PASS);
            if (sealing.sealed()) {
                assertThat(sealing.fields()).hasSize(3);
                assertThat(sealing.instance()).isBetween(1, 50);
            } else {
                assertThat(sealing.notSealedReason()).hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
            }
        }));
    }

    @Test
    void aMegabyteArcSealFailsTheChain() {
        String base64 = "QUJD".repeat(1 << 18);
        String seal = field(twice, ArcSeal.NAME, 2);
        String withHugeSignature = Hop.text(twice).replace(seal, seal.replaceFirst("(?s)(?<=[;\\s])b=[^;]*;", "b=" + base64 + ";"));
        String unreadable = "ARC-Seal: " + "i=3; ".repeat(200_000) + "\r\n" + Hop.text(twice);

        assertFailsWithReason(Hop.bytes(withHugeSignature), "ARC-Seal i=2");
        assertFailsWithReason(Hop.bytes(unreadable), "ARC-Seal");
    }

    @Test
    void aMegabyteArcAuthenticationResultsFailsTheChain() {
        String results = field(twice, ArcAuthenticationResults.NAME, 2);
        String huge = "ARC-Authentication-Results: i=2; lists.example; " + "dkim=pass header.d=example.org; (a comment) ".repeat(24_000);

        assertFailsWithReason(Hop.bytes(Hop.text(twice).replace(results, huge)), "ARC-Seal i=2: signature did not verify");
    }

    @Test
    void aMegabyteArcMessageSignatureFailsTheChain() {
        String signature = field(twice, ArcMessageSignature.NAME, 2);
        String huge = signature.replaceFirst("(?<=[;\\s])h=", "h=" + "from:".repeat(200_000));

        assertFailsWithReason(Hop.bytes(Hop.text(twice).replace(signature, huge)), "ARC-Message-Signature i=2: signature did not verify");
    }

    @Test
    void tenThousandArcFieldsFailTheChainWithoutAKeyLookup() {
        String sets = headerSection(thrice).replaceAll("(?s)\r\nFrom:.*", "");
        String many = (sets + "\r\n").repeat(3_334) + Hop.text(thrice);
        int before = dns.lookups();

        assertFailsWithReason(Hop.bytes(many), "more than 50 ARC Sets");
        assertThat(dns.lookups()).isEqualTo(before);
    }

    @Test
    void tenThousandUnreadableArcFieldsFailTheChainWithoutAKeyLookup() {
        String many = "ARC-Message-Signature: i=; b=\r\n".repeat(10_000) + Hop.text(twice);
        int before = dns.lookups();

        assertFailsWithReason(Hop.bytes(many), "more than 50 ARC Sets");
        assertThat(dns.lookups()).isEqualTo(before);
    }

    private void assertFailsWithReason(byte[] message, String reason) {
        ArcVerification verification = assertTimeoutPreemptively(HANG_GUARD, () -> Hop.verify(verifier, message));
        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).hasValueSatisfying(why -> assertThat(why).contains(reason));
        assertValidation(verification);
        ArcSealing sealing = assertTimeoutPreemptively(HANG_GUARD, () -> forwarder.sealing(message, verification.status()));
        assertThat(sealing.sealed() ? sealing.chainValidation() : ChainValidationStatus.FAIL).isEqualTo(ChainValidationStatus.FAIL);
    }

    private static void assertValidation(ArcVerification verification) {
        switch (verification.status()) {
            case NONE:
                assertThat(verification.reason()).isEmpty();
                assertThat(verification.instances()).isZero();
                break;
            case FAIL:
                assertThat(verification.reason()).hasValueSatisfying(reason -> assertThat(reason).isNotBlank()
                    .as("the verifier turns an exception into a failure: none may happen").doesNotStartWith("internal error"));
                break;
            default:
                assertThat(verification.oldestPass()).isPresent();
                assertThat(verification.sets()).isNotEmpty().allSatisfy(set -> assertThat(set.seal().passed()).isTrue());
        }
        assertThat(verification.authenticationResult(Optional.of("192.0.2.1")).toString()).as("what the pack writes")
            .startsWith("arc=" + verification.status().keyword()).doesNotContain("\r").doesNotContain("\n");
    }

    private static List<String> concat(List<String> seeds, String more) {
        return Stream.concat(seeds.stream(), Stream.of(more)).collect(Collectors.toList());
    }
}
