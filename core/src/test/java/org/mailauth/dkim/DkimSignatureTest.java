package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailauth.message.HeaderField;

/** DKIM-Signature tags (RFC 6376 §3.5) and the checks of §6.1.1. */
class DkimSignatureTest {

    private static final String VALID = "v=1; a=rsa-sha256; c=relaxed/simple; d=Example.ORG; s=sel; t=1000; x=2000;"
        + " h=From : To:subject; bh=AAAA; b=AA\r\n\tAA";

    private static DkimSignature parse(String value) throws DkimSyntaxException {
        return DkimSignature.parse(HeaderField.of("DKIM-Signature: " + value));
    }

    @Test
    void everyTagIsRead() throws Exception {
        DkimSignature signature = parse(VALID);

        assertThat(signature.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(signature.headerCanonicalization()).isEqualTo(Canonicalization.RELAXED);
        assertThat(signature.bodyCanonicalization()).isEqualTo(Canonicalization.SIMPLE);
        assertThat(signature.domain()).isEqualTo("example.org");
        assertThat(signature.selector()).isEqualTo("sel");
        assertThat(signature.signedHeaders()).containsExactly("From", "To", "subject");
        assertThat(signature.identity()).isEqualTo("@example.org");
        assertThat(signature.timestamp()).hasValue(1000);
        assertThat(signature.expiration()).hasValue(2000);
        assertThat(signature.signatureText()).isEqualTo("AAAA");
        assertThat(signature.keyName()).isEqualTo("sel._domainkey.example.org");
    }

    @Test
    void canonicalizationDefaultsToSimpleAndABodyDefaultToSimple() throws Exception {
        assertThat(parse(VALID.replace(" c=relaxed/simple;", "")).headerCanonicalization()).isEqualTo(Canonicalization.SIMPLE);
        assertThat(parse(VALID.replace("c=relaxed/simple", "c=relaxed")).bodyCanonicalization()).isEqualTo(Canonicalization.SIMPLE);
    }

    @Test
    void requiredTagsMustBePresent() {
        for (String tag : new String[] {"v=1; ", "a=rsa-sha256; ", " d=Example.ORG;", " s=sel;", " bh=AAAA;"}) {
            assertThatThrownBy(() -> parse(VALID.replace(tag, ""))).isInstanceOf(DkimSyntaxException.class);
        }
        assertThatThrownBy(() -> parse(VALID.replace(" h=From : To:subject;", ""))).hasMessageContaining("h=");
    }

    @Test
    void fromMustBeSigned() {
        assertThatThrownBy(() -> parse(VALID.replace("From : ", ""))).hasMessageContaining("does not include From");
    }

    @Test
    void theIdentityMustBeWithinTheDomain() throws Exception {
        assertThat(parse(VALID + "; i=user@mail.example.org").identity()).isEqualTo("user@mail.example.org");
        assertThatThrownBy(() -> parse(VALID + "; i=user@example.com")).hasMessageContaining("not within d=");
        assertThatThrownBy(() -> parse(VALID + "; i=user@badexample.org")).hasMessageContaining("not within d=");
    }

    @Test
    void expirationMustFollowTheTimestamp() {
        assertThatThrownBy(() -> parse(VALID.replace("x=2000", "x=1000"))).hasMessageContaining("x= is not after t=");
    }

    @Test
    void aTagTwiceInvalidatesTheField() {
        assertThatThrownBy(() -> parse(VALID + "; d=other.example")).hasMessageContaining("occurs twice");
    }

    @Test
    void unknownVersionsAlgorithmsAndQueryMethodsAreErrors() {
        assertThatThrownBy(() -> parse(VALID.replace("v=1", "v=2"))).hasMessageContaining("version");
        assertThatThrownBy(() -> parse(VALID.replace("rsa-sha256", "rsa-md5"))).hasMessageContaining("unknown algorithm");
        assertThatThrownBy(() -> parse(VALID + "; q=https")).hasMessageContaining("query method");
    }

    @Test
    void rsaSha1IsReadSoThatItCanBeRefusedWithAReason() throws Exception {
        assertThat(parse(VALID.replace("rsa-sha256", "rsa-sha1")).algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA1);
    }

    @Test
    void unknownTagsAreIgnoredAndZIsNotUsed() throws Exception {
        assertThat(parse(VALID + "; z=From:foo|To:bar; future=1").domain()).isEqualTo("example.org");
    }

    @Test
    void theSignatureValueIsEmptiedForTheHeaderHashAndNothingElseChanges() throws Exception {
        DkimSignature signature = parse("v=1; a=rsa-sha256; bh=AAAA; b=AB\r\n\tCD ; d=example.org; s=s; h=from");

        assertThat(signature.withoutSignatureValue().raw())
            .isEqualTo("DKIM-Signature: v=1; a=rsa-sha256; bh=AAAA; b=; d=example.org; s=s; h=from");
    }
}
