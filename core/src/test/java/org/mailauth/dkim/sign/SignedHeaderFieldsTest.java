package org.mailauth.dkim.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.Messages;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * Which fields h= lists (RFC 6376 §5.4): present ones, the over-signed ones once more (§8.15), and absent ones only
 * where their absence is worth asserting: not MIME-Version and Content-Type, which mail systems add on the way.
 */
class SignedHeaderFieldsTest {

    private static final SigningKey KEY = TestKeys.ed25519("ed");
    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder().txt("ed._domainkey.example.org", KEY.publicKeyRecord()).build();
    private static final String MIME = Messages.PLAIN.replace("\r\n\r\n", "\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n");

    private static String signed(String message) {
        return Messages.signed(new DkimSigner(KEY, SigningSettings.defaults()), message);
    }

    private static String h(String signed) {
        Matcher h = Pattern.compile("h=([^;]*);").matcher(signed.replaceAll("\r\n\\s+", ""));
        assertThat(h.find()).isTrue();
        return h.group(1);
    }

    /** The field added just below the signature fields, as a relay adds it. */
    private static String withFieldAdded(String signed, String field) {
        int end = signed.indexOf("\r\nFrom: ");
        return signed.substring(0, end + 2) + field + "\r\n" + signed.substring(end + 2);
    }

    private static DkimResult verify(String message) {
        return Messages.verify(new DkimVerifier(DNS, DkimSettings.defaults()), message).verdict();
    }

    @Test
    void absentMimeVersionAndContentTypeAreNotListed() {
        assertThat(h(signed(Messages.PLAIN))).isEqualTo("from:from:reply-to:subject:subject:date:date:to:to:cc:message-id:message-id");
    }

    @Test
    void presentMimeFieldsAreOverSigned() {
        assertThat(h(signed(MIME))).contains("content-type:content-type").contains("mime-version:mime-version");
    }

    @Test
    void theMimeFieldsAJamesRelayAddsLeaveTheSignatureValid() {
        String relayed = withFieldAdded(withFieldAdded(signed(Messages.PLAIN), "MIME-Version: 1.0"),
            "Content-Type: text/plain; charset=us-ascii");

        assertThat(verify(relayed)).isEqualTo(DkimResult.PASS);
    }

    @Test
    void aReplyToAddedAfterSigningBreaksTheSignature() {
        assertThat(verify(withFieldAdded(signed(Messages.PLAIN), "Reply-To: thief@example.net"))).isEqualTo(DkimResult.FAIL);
    }

    @Test
    void aSecondContentTypeAddedAfterSigningBreaksTheSignature() {
        assertThat(verify(withFieldAdded(signed(MIME), "Content-Type: text/html"))).isEqualTo(DkimResult.FAIL);
    }
}
