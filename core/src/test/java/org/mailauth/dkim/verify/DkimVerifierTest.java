package org.mailauth.dkim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.Messages;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;

/** The verifier's decisions, signature by signature (RFC 6376 §6, RFC 8301, RFC 8463). */
class DkimVerifierTest {

    private static final long NOW = 1_800_000_000L;
    private static final String RSA_RECORD = TestKeys.rsa2048("rsa").publicKeyRecord();

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("rsa._domainkey.example.org", RSA_RECORD)
        .txt("ed._domainkey.example.org", TestKeys.ed25519("ed").publicKeyRecord())
        .txt("short._domainkey.example.org", SigningKey.rsa("example.org", "short", TestKeys.RSA_1024.getPrivate()).publicKeyRecord()
            .replace("k=rsa", "k=rsa"))
        .txt("testing._domainkey.example.org", RSA_RECORD.replace("v=DKIM1;", "v=DKIM1; t=y;"))
        .txt("strict._domainkey.example.org", RSA_RECORD.replace("v=DKIM1;", "v=DKIM1; t=s;"))
        .txt("revoked._domainkey.example.org", "v=DKIM1; p=")
        .txt("edkey._domainkey.example.org", TestKeys.ed25519("x").publicKeyRecord())
        .txt("sha1only._domainkey.example.org", RSA_RECORD.replace("v=DKIM1;", "v=DKIM1; h=sha1;"))
        .txt("garbage._domainkey.example.org", "v=DKIM1; k=rsa; p=!!!")
        .temporaryFailure("flaky._domainkey.example.org")
        .build();

    private DkimVerification verify(String message) {
        return verify(message, DkimSettings.builder());
    }

    private DkimVerification verify(String message, DkimSettings.Builder settings) {
        return Messages.verify(new DkimVerifier(dns, settings.clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)).build()), message);
    }

    private DkimSignatureResult only(String message) {
        DkimVerification verification = verify(message);
        assertThat(verification.signatures()).hasSize(1);
        return verification.signatures().get(0);
    }

    @Test
    void anUnsignedMessageIsNone() {
        DkimVerification verification = verify(Messages.PLAIN);

        assertThat(verification.signatures()).isEmpty();
        assertThat(verification.verdict()).isEqualTo(DkimResult.NONE);
    }

    @Test
    void aGoodSignatureReportsItsDomainSelectorAlgorithmAndKeySize() throws Exception {
        DkimSignatureResult result = only(new TestSigner("rsa").tag("i", "alice@example.org").sign(Messages.PLAIN));

        assertThat(result.result()).isEqualTo(DkimResult.PASS);
        assertThat(result.domain()).isEqualTo("example.org");
        assertThat(result.selector()).isEqualTo("rsa");
        assertThat(result.algorithm()).isEqualTo("rsa-sha256");
        assertThat(result.identity()).hasValue("alice@example.org");
        assertThat(result.keyBits()).hasValue(2048);
        assertThat(result.authenticationResult().toString()).startsWith("dkim=pass header.d=example.org header.i=alice@example.org"
            + " header.s=rsa header.a=rsa-sha256 header.b=");
    }

    @Test
    void rsaSha1IsNeverValid() throws Exception {
        DkimSignatureResult result = only(new TestSigner("rsa").tag("a", "rsa-sha1").sign(Messages.PLAIN));

        assertThat(result.result()).isEqualTo(DkimResult.POLICY);
        assertThat(result.reason()).hasValue("rsa-sha1 is not accepted (RFC 8301 §3.1)");
        assertThat(dns.lookups()).as("no key lookup for a refused algorithm").isZero();
    }

    @Test
    void rsaKeysShorterThan1024BitsAreRefusedAndTheLimitIsConfigurable() throws Exception {
        String message = new TestSigner("short").key(TestKeys.RSA_1024.getPrivate()).sign(Messages.PLAIN);

        assertThat(verify(message).verdict()).isEqualTo(DkimResult.PASS);
        DkimSignatureResult refused = verify(message, DkimSettings.builder().minRsaBits(2048)).signatures().get(0);
        assertThat(refused.result()).isEqualTo(DkimResult.POLICY);
        assertThat(refused.reason().orElseThrow()).contains("1024 bits is shorter than 2048");
    }

    @Test
    void aTimestampInTheFutureBeyondTheSkewFails() throws Exception {
        assertThat(only(new TestSigner("rsa").tag("t", Long.toString(NOW + 200)).sign(Messages.PLAIN)).result())
            .isEqualTo(DkimResult.PASS);
        DkimSignatureResult future = only(new TestSigner("rsa").tag("t", Long.toString(NOW + 3600)).sign(Messages.PLAIN));
        assertThat(future.result()).isEqualTo(DkimResult.FAIL);
        assertThat(future.reason()).hasValue("t= is in the future");
    }

    @Test
    void anExpiredSignatureFails() throws Exception {
        DkimSignatureResult expired = only(new TestSigner("rsa").tag("t", Long.toString(NOW - 100)).tag("x", Long.toString(NOW - 1))
            .sign(Messages.PLAIN));

        assertThat(expired.result()).isEqualTo(DkimResult.FAIL);
        assertThat(expired.reason()).hasValue("the signature expired (x=)");
    }

    @Test
    void contentAfterTheSignedLengthIsRefusedByDefault() throws Exception {
        String signed = new TestSigner("rsa").tag("l", "24").sign(Messages.PLAIN);
        String appended = signed + "Click here: http://phish.example/\r\n";

        DkimSignatureResult result = only(appended);
        assertThat(result.result()).isEqualTo(DkimResult.POLICY);
        assertThat(result.reason().orElseThrow()).endsWith("octets after l= are not signed");
        assertThat(verify(appended, DkimSettings.builder().bodyLengthPolicy(DkimSettings.BodyLengthPolicy.SIGNED_PART)).verdict())
            .isEqualTo(DkimResult.PASS);
    }

    @Test
    void aLengthCoveringTheWholeBodyPasses() throws Exception {
        assertThat(only(new TestSigner("rsa").tag("c", "relaxed/simple").tag("l", "35").sign(Messages.PLAIN)).result())
            .isEqualTo(DkimResult.PASS);
    }

    @Test
    void aLengthLongerThanTheBodyFails() throws Exception {
        String signed = new TestSigner("rsa").tag("c", "relaxed/simple").tag("l", "35").sign(Messages.PLAIN);

        DkimSignatureResult result = only(signed.replace("  Alice  \r\n", ""));
        assertThat(result.result()).isEqualTo(DkimResult.FAIL);
        assertThat(result.reason().orElseThrow()).startsWith("l=35 is longer than the body");
    }

    @Test
    void aMissingKeyIsAPermerrorAndADnsFailureATemperror() throws Exception {
        DkimSignatureResult missing = only(new TestSigner("nokey").sign(Messages.PLAIN));
        DkimSignatureResult flaky = only(new TestSigner("flaky").sign(Messages.PLAIN));

        assertThat(missing.result()).isEqualTo(DkimResult.PERMERROR);
        assertThat(missing.reason()).hasValue("no key record at nokey._domainkey.example.org");
        assertThat(flaky.result()).isEqualTo(DkimResult.TEMPERROR);
    }

    @Test
    void revokedWrongTypeWrongHashAndGarbageKeysArePermerrors() throws Exception {
        assertThat(only(new TestSigner("revoked").sign(Messages.PLAIN)).reason()).hasValue("the key is revoked (empty p=)");
        assertThat(only(new TestSigner("edkey").sign(Messages.PLAIN)).reason())
            .hasValue("key type k=ed25519 does not fit a=rsa-sha256");
        assertThat(only(new TestSigner("sha1only").sign(Messages.PLAIN)).reason()).hasValue("the key's h= does not allow sha256");
        assertThat(only(new TestSigner("garbage").sign(Messages.PLAIN)).result()).isEqualTo(DkimResult.PERMERROR);
    }

    @Test
    void aStrictKeyRefusesSubdomainIdentities() throws Exception {
        assertThat(only(new TestSigner("strict").tag("i", "a@example.org").sign(Messages.PLAIN)).result()).isEqualTo(DkimResult.PASS);
        assertThat(only(new TestSigner("strict").tag("i", "a@mail.example.org").sign(Messages.PLAIN)).result())
            .isEqualTo(DkimResult.PERMERROR);
    }

    @Test
    void aTestingKeyIsReported() throws Exception {
        DkimSignatureResult result = only(new TestSigner("testing").sign(Messages.PLAIN));

        assertThat(result.result()).isEqualTo(DkimResult.PASS);
        assertThat(result.testing()).isTrue();
        assertThat(result.authenticationResult().toString()).contains("reason=\"key in testing mode (t=y)\"");
    }

    @Test
    void anUnreadableSignatureIsAPermerrorThatStillNamesItsDomain() {
        DkimSignatureResult result = only("DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=rsa; h=to; bh=AAAA; b=AAAA\r\n"
            + Messages.PLAIN);

        assertThat(result.result()).isEqualTo(DkimResult.PERMERROR);
        assertThat(result.domain()).isEqualTo("example.org");
        assertThat(result.reason().orElseThrow()).contains("does not include From");
    }

    @Test
    void eachSignatureHasItsOwnResultAndOnePassMakesTheVerdict() throws Exception {
        String twice = new TestSigner("ed").ed25519().sign(new TestSigner("nokey").sign(Messages.PLAIN));

        DkimVerification verification = verify(twice);
        assertThat(verification.signatures()).extracting(DkimSignatureResult::result)
            .containsExactly(DkimResult.PASS, DkimResult.PERMERROR);
        assertThat(verification.verdict()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void withoutAPassTheMostTellingResultIsTheVerdict() throws Exception {
        String message = new TestSigner("flaky").sign(new TestSigner("rsa").sign(Messages.PLAIN)).replace("noon", "one");

        assertThat(verify(message).verdict()).isEqualTo(DkimResult.FAIL);
    }

    @Test
    void atMostTheConfiguredNumberOfSignaturesIsExamined() throws Exception {
        String message = Messages.PLAIN;
        for (int i = 0; i < 12; i++) {
            message = new TestSigner("rsa").sign(message);
        }

        assertThat(verify(message).signatures()).hasSize(10);
        assertThat(verify(message, DkimSettings.builder().maxSignatures(3)).signatures()).hasSize(3);
    }

    @Test
    void theKeyIsLookedUpOncePerSignature() throws Exception {
        verify(new TestSigner("rsa").sign(Messages.PLAIN));

        assertThat(dns.lookups("rsa._domainkey.example.org", RecordType.TXT)).isEqualTo(1);
    }

    @Test
    void repeatedHeadersAreSignedBottomUpAndAnAddedInstanceBreaksTheSignature() throws Exception {
        String message = "Received: first\r\nReceived: second\r\n" + Messages.PLAIN;
        String signed = new TestSigner("rsa").tag("h", "from:received:subject").sign(message);

        assertThat(only(signed).result()).isEqualTo(DkimResult.PASS);
        assertThat(only(signed.replace("Received: second\r\n", "Received: second\r\nReceived: third\r\n")).result())
            .isEqualTo(DkimResult.FAIL);
        assertThat(only(signed.replace("Received: first\r\n", "Received: zeroth\r\nReceived: first\r\n")).result())
            .as("an instance added above the signed ones is not covered").isEqualTo(DkimResult.PASS);
    }

    @Test
    void aSignedButAbsentHeaderCannotBeAddedLater() throws Exception {
        String signed = new TestSigner("rsa").tag("h", "from:subject:reply-to").sign(Messages.PLAIN);

        assertThat(only(signed).result()).isEqualTo(DkimResult.PASS);
        assertThat(only(signed.replace("Subject: Lunch\r\n", "Subject: Lunch\r\nReply-To: evil@example.net\r\n")).result())
            .isEqualTo(DkimResult.FAIL);
    }

    @Test
    void trailingEmptyLinesDoNotMatter() throws Exception {
        String signed = new TestSigner("rsa").tag("c", "simple/simple").sign(Messages.PLAIN);

        assertThat(only(signed + "\r\n\r\n").result()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void aMessageWithoutBodyOrWithoutEmptyLineIsVerified() throws Exception {
        String headersOnly = "From: a@example.org\r\nSubject: x\r\n";
        String signed = new TestSigner("rsa").tag("h", "from:subject").sign(headersOnly);

        assertThat(only(signed).result()).isEqualTo(DkimResult.PASS);
    }
}
