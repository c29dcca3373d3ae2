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
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * RFC 6376 §8.15: a field added to a signed message, above the signed instance, is not covered by the signature but
 * is the one a reader sees. For the fields RFC 5322 §3.6 allows once, such a message does not pass; fields that may
 * repeat (Received) are added by every relay and do not matter. (Content after l= is refused by
 * {@link DkimVerifierTest#contentAfterTheSignedLengthIsRefusedByDefault()}.)
 */
class HeaderInjectionTest {

    private final DkimVerifier verifier = new DkimVerifier(InMemoryDnsResolver.builder()
        .txt("rsa._domainkey.example.org", TestKeys.rsa2048("rsa").publicKeyRecord())
        .build(), DkimSettings.builder().clock(Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC)).build());

    private DkimSignatureResult verify(String message) {
        DkimVerification verification = Messages.verify(verifier, message);
        assertThat(verification.signatures()).hasSize(1);
        return verification.signatures().get(0);
    }

    private static String addAboveTheSignedFields(String signed, String field) {
        int afterSignature = signed.indexOf("\r\nFrom: ") + 2;
        return signed.substring(0, afterSignature) + field + "\r\n" + signed.substring(afterSignature);
    }

    @Test
    void aFromFieldAddedAboveTheSignedOneIsNotAPass() throws Exception {
        String signed = new TestSigner("rsa").sign(Messages.PLAIN);
        String injected = addAboveTheSignedFields(signed, "From: Security Team <security@example.org>");

        DkimSignatureResult result = verify(injected);

        assertThat(verify(signed).result()).isEqualTo(DkimResult.PASS);
        assertThat(result.result()).isEqualTo(DkimResult.POLICY);
        assertThat(result.reason().orElseThrow()).startsWith("the message has 2 from fields and the signature covers 1");
    }

    @Test
    void aFromFieldAddedBelowTheSignedOneBreaksTheSignature() throws Exception {
        String signed = new TestSigner("rsa").sign(Messages.PLAIN);
        String injected = signed.replace("\r\n\r\nShall", "\r\nFrom: Security Team <security@example.org>\r\n\r\nShall");

        assertThat(verify(injected).result()).isEqualTo(DkimResult.FAIL);
    }

    @Test
    void anOverSignedFromLeavesNoRoomForASecondOne() throws Exception {
        String signed = new TestSigner("rsa").tag("h", "from:from:to:subject:date:message-id").sign(Messages.PLAIN);
        String injected = addAboveTheSignedFields(signed, "From: Security Team <security@example.org>");

        assertThat(verify(signed).result()).isEqualTo(DkimResult.PASS);
        assertThat(verify(injected).result()).isEqualTo(DkimResult.FAIL);
    }

    @Test
    void aSubjectAddedAboveTheSignedOneIsNotAPass() throws Exception {
        String injected = addAboveTheSignedFields(new TestSigner("rsa").sign(Messages.PLAIN), "Subject: Your account is locked");

        DkimSignatureResult result = verify(injected);

        assertThat(result.result()).isEqualTo(DkimResult.POLICY);
        assertThat(result.reason().orElseThrow()).contains("2 subject fields");
    }

    @Test
    void anAddedFieldTheSignatureDoesNotListDoesNotMatter() throws Exception {
        String injected = addAboveTheSignedFields(new TestSigner("rsa").sign(Messages.PLAIN), "Reply-To: someone@else.example");

        assertThat(verify(injected).result()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void receivedFieldsAddedByRelaysDoNotMatter() throws Exception {
        String signed = new TestSigner("rsa").tag("h", "received:from:to:subject").sign("Received: by a.example\r\n" + Messages.PLAIN);
        String relayed = "Received: by b.example\r\n" + signed;

        assertThat(verify(relayed).result()).isEqualTo(DkimResult.PASS);
    }
}
