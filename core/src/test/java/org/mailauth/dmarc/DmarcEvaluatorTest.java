package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.DmarcResult.Code;
import org.mailauth.dmarc.IdentifierAlignment.Aligned;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.spf.SpfResult;

/** DMARC evaluation of one message (RFC 9989 §4.4, §5.3, §4.7 t=, §11.5; RFC 7489 §6.6.4 pct). */
class DmarcEvaluatorTest {

    private static final InetAddress CLIENT = address("192.0.2.10");

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com")
        .txt("_dmarc.strict.example", "v=DMARC1; p=quarantine; aspf=s; adkim=s")
        .txt("_dmarc.testing.example", "v=DMARC1; p=reject; t=y")
        .txt("_dmarc.pct.example", "v=DMARC1; p=reject; pct=30")
        .txt("_dmarc.monitor.example", "v=DMARC1; p=none")
        .temporaryFailure("_dmarc.broken.example")
        .build();

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<SpfResult> spf(SpfResult.Code code, String sender) {
        String domain = sender.substring(sender.indexOf('@') + 1);
        return Optional.of(new SpfResult(code, SpfResult.Identity.MAILFROM, sender, domain, CLIENT, "mail.example.net",
            Optional.empty(), Optional.empty(), Optional.empty(), 1, 0));
    }

    private static DkimSignatureResult dkim(DkimResult result, String domain) {
        return new DkimSignatureResult(result, Optional.empty(), domain, "sel", "rsa-sha256", Optional.empty(), OptionalInt.of(2048),
            false, "abcdefgh");
    }

    private DmarcResult evaluate(DmarcSettings settings, String from, Optional<SpfResult> spf, DkimSignatureResult... dkim) {
        return new DmarcEvaluator(dns, settings).evaluate(List.of(from), spf, List.of(dkim), Optional.of(CLIENT))
            .toCompletableFuture().join();
    }

    private DmarcResult evaluate(String from, Optional<SpfResult> spf, DkimSignatureResult... dkim) {
        return evaluate(DmarcSettings.defaults(), from, spf, dkim);
    }

    @Test
    void anSpfPassOfAnAlignedMailFromDomainPasses() {
        DmarcResult result = evaluate("alice@example.com", spf(SpfResult.Code.PASS, "bounces@mail.example.com"));

        assertThat(result.code()).isEqualTo(Code.PASS);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
        assertThat(result.spf().orElseThrow().aligned()).isEqualTo(Aligned.YES);
        assertThat(result.authorDomain()).hasValue("example.com");
        assertThat(result.policyDomain()).hasValue("example.com");
    }

    @Test
    void aDkimPassOfAnAlignedDomainPassesWhenSpfFails() {
        DmarcResult result = evaluate("alice@example.com", spf(SpfResult.Code.FAIL, "alice@example.com"),
            dkim(DkimResult.PASS, "example.com"));

        assertThat(result.code()).isEqualTo(Code.PASS);
        assertThat(result.dkim()).extracting(IdentifierAlignment::aligned).containsExactly(Aligned.YES);
    }

    @Test
    void aPassOfAnUnrelatedDomainFailsAndTheDomainsPolicyIsTheDisposition() {
        DmarcResult result = evaluate("ceo@example.com", spf(SpfResult.Code.PASS, "spammer@evil.example"),
            dkim(DkimResult.PASS, "evil.example"));

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.policy()).hasValue(Policy.REJECT);
        assertThat(result.disposition()).isEqualTo(Policy.REJECT);
        assertThat(result.identifiers()).extracting(IdentifierAlignment::aligned).containsExactly(Aligned.NO, Aligned.NO);
    }

    @Test
    void anAlignedButFailingIdentifierDoesNotPass() {
        DmarcResult result = evaluate("alice@example.com", spf(SpfResult.Code.SOFTFAIL, "alice@example.com"),
            dkim(DkimResult.FAIL, "example.com"));

        assertThat(result.code()).isEqualTo(Code.FAIL);
    }

    @Test
    void strictAlignmentNeedsIdenticalDomains() {
        assertThat(evaluate("a@strict.example", spf(SpfResult.Code.PASS, "b@mail.strict.example")).code()).isEqualTo(Code.FAIL);
        assertThat(evaluate("a@strict.example", Optional.empty(), dkim(DkimResult.PASS, "mail.strict.example")).code())
            .isEqualTo(Code.FAIL);
        assertThat(evaluate("a@strict.example", spf(SpfResult.Code.PASS, "b@strict.example")).code()).isEqualTo(Code.PASS);
    }

    /** RFC 7208 §2.4: for the null sender, SPF checks postmaster@HELO as the MAIL FROM identity, which can align. */
    @Test
    void forTheNullSenderTheMailFromIdentityIsPostmasterAtTheHeloName() {
        Optional<SpfResult> nullSender = Optional.of(new SpfResult(SpfResult.Code.PASS, SpfResult.Identity.MAILFROM,
            "postmaster@mail.example.com", "mail.example.com", CLIENT, "mail.example.com", Optional.empty(), Optional.empty(),
            Optional.empty(), 1, 0));

        assertThat(evaluate("mailer-daemon@example.com", nullSender).code()).isEqualTo(Code.PASS);
    }

    @Test
    void aHeloIdentityNeverAligns() {
        Optional<SpfResult> helo = Optional.of(new SpfResult(SpfResult.Code.PASS, SpfResult.Identity.HELO, "postmaster@example.com",
            "example.com", CLIENT, "example.com", Optional.empty(), Optional.empty(), Optional.empty(), 1, 0));

        assertThat(evaluate("alice@example.com", helo).code()).isEqualTo(Code.FAIL);
    }

    @Test
    void noRecordMeansNone() {
        DmarcResult result = evaluate("alice@no-dmarc.example", spf(SpfResult.Code.FAIL, "x@no-dmarc.example"));

        assertThat(result.code()).isEqualTo(Code.NONE);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void aDnsFailureDuringDiscoveryIsTemperrorAndNeverRejects() {
        DmarcResult result = evaluate("alice@broken.example", Optional.empty());

        assertThat(result.code()).isEqualTo(Code.TEMPERROR);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void aDnsFailureWhileAligningIsTemperror() {
        InMemoryDnsResolver failing = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject").temporaryFailure("_dmarc.partner.example").build();

        DmarcResult result = new DmarcEvaluator(failing, DmarcSettings.defaults()).evaluate(List.of("a@example.com"), Optional.empty(),
            List.of(dkim(DkimResult.PASS, "partner.example")), Optional.empty()).toCompletableFuture().join();

        assertThat(result.code()).isEqualTo(Code.TEMPERROR);
    }

    @Test
    void testModeAppliesThePolicyOneLevelMilderWithItsReason() {
        DmarcResult result = evaluate("a@testing.example", Optional.empty());

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.policy()).hasValue(Policy.REJECT);
        assertThat(result.disposition()).isEqualTo(Policy.QUARANTINE);
        assertThat(result.overrides()).extracting(AppliedOverride::reason).containsExactly(OverrideReason.POLICY_TEST_MODE);
    }

    @Test
    void pctSamplesOnlyInRfc7489Mode() {
        DmarcSettings sampledOut = DmarcSettings.builder().mode(DmarcMode.RFC7489).percentRoll(() -> 30).build();
        DmarcSettings sampledIn = DmarcSettings.builder().mode(DmarcMode.RFC7489).percentRoll(() -> 29).build();

        DmarcResult out = evaluate(sampledOut, "a@pct.example", Optional.empty());
        DmarcResult in = evaluate(sampledIn, "a@pct.example", Optional.empty());
        DmarcResult bis = evaluate(DmarcSettings.builder().percentRoll(() -> 99).build(), "a@pct.example", Optional.empty());

        assertThat(out.disposition()).isEqualTo(Policy.QUARANTINE);
        assertThat(out.overrides()).extracting(AppliedOverride::reason).containsExactly(OverrideReason.SAMPLED_OUT);
        assertThat(in.disposition()).isEqualTo(Policy.REJECT);
        assertThat(bis.disposition()).as("RFC 9989 has no pct").isEqualTo(Policy.REJECT);
    }

    @Test
    void aTrustedForwarderIsNeverRejectedAndSaysSo() {
        DmarcSettings settings = DmarcSettings.builder()
            .localPolicy(LocalPolicy.builder().trustedForwarders(List.of(IpRange.parse("192.0.2.0/24"))).build()).build();

        DmarcResult result = evaluate(settings, "ceo@example.com", spf(SpfResult.Code.FAIL, "ceo@example.com"));

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
        assertThat(result.overrides()).extracting(AppliedOverride::reason).containsExactly(OverrideReason.TRUSTED_FORWARDER);
    }

    @Test
    void mailSignedByATrustedMailingListIsNeverRejected() {
        DmarcSettings settings = DmarcSettings.builder()
            .localPolicy(LocalPolicy.builder().trustedSigningDomains(Set.of("lists.example.org")).build()).build();

        DmarcResult result = evaluate(settings, "ceo@example.com", Optional.empty(), dkim(DkimResult.PASS, "lists.example.org"));

        assertThat(result.disposition()).isEqualTo(Policy.NONE);
        assertThat(result.overrides()).extracting(AppliedOverride::reason).containsExactly(OverrideReason.MAILING_LIST);
    }

    @Test
    void anExemptAuthorDomainAndItsSubdomainsAreNeverRejectedButStillFail() {
        DmarcSettings settings = DmarcSettings.builder()
            .localPolicy(LocalPolicy.builder().exemptAuthorDomains(Set.of("example.com")).build()).build();

        DmarcResult result = evaluate(settings, "ceo@example.com", spf(SpfResult.Code.FAIL, "ceo@example.com"));

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
        assertThat(result.overrides()).extracting(AppliedOverride::reason).containsExactly(OverrideReason.LOCAL_POLICY);
        assertThat(evaluate(DmarcSettings.builder().localPolicy(LocalPolicy.builder().exemptAuthorDomains(Set.of("le.com")).build())
            .build(), "ceo@example.com", spf(SpfResult.Code.FAIL, "ceo@example.com")).disposition())
            .as("a suffix that is not a parent domain").isEqualTo(Policy.REJECT);
    }

    @Test
    void aMessageWithoutAuthorDomainIsPermerror() {
        DmarcResult result = new DmarcEvaluator(dns, DmarcSettings.defaults()).evaluate(List.of(), Optional.empty(), List.of(),
            Optional.empty()).toCompletableFuture().join();

        assertThat(result.code()).isEqualTo(Code.PERMERROR);
        assertThat(result.problem()).hasValue("the message has no From field");
    }

    @Test
    void withSeveralAuthorDomainsTheStrictestFailingPolicyApplies() {
        DmarcResult result = evaluate("friend@monitor.example, ceo@example.com", spf(SpfResult.Code.PASS, "x@monitor.example"));

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.authorDomain()).hasValue("example.com");
        assertThat(result.disposition()).isEqualTo(Policy.REJECT);
        assertThat(result.authorDomains()).containsExactly("monitor.example", "example.com");
    }

    @Test
    void tooManyAuthorDomainsArePermerror() {
        DmarcResult result = evaluate(DmarcSettings.builder().maxAuthorDomains(2).build(), "a@one.example, b@two.example, c@three.example",
            Optional.empty());

        assertThat(result.code()).isEqualTo(Code.PERMERROR);
    }

    @Test
    void theAuthenticationResultsPartNamesTheFromDomainAndTheAppliedPolicy() {
        DmarcResult fail = evaluate("a@testing.example", Optional.empty());
        DmarcResult pass = evaluate("alice@example.com", spf(SpfResult.Code.PASS, "alice@example.com"));

        assertThat(fail.authenticationResult().toString())
            .isEqualTo("dmarc=fail reason=\"p=reject; policy_test_mode\" header.from=testing.example policy.dmarc=quarantine");
        assertThat(pass.authenticationResult().toString()).isEqualTo("dmarc=pass header.from=example.com policy.dmarc=none");
    }
}
