package org.mailauth.dkim.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Ed25519 verification (RFC 8463 §3) of a key, a signature and a message that the sender chooses ends. Bouncy Castle
 * 1.73 to 1.77 looped for ever on some of them (CVE-2024-30172, fixed in 1.78); James 3.8 ships 1.70, which never had
 * that code, and James 3.9 ships 1.81. The inputs are those of the report (bc-java issue #1599), run through the calls
 * {@link DkimVerifier} makes. The time limit only stops a hang; it is no performance figure.
 */
class Ed25519VerificationTest {

    private static final byte[] PUBLIC_KEY_INFO = {48, 42, 48, 5, 6, 3, 43, 101, 112, 3, 33, 0, 56, 110, 124, -9, -71, -24, 53, 57,
        51, -80, 127, 29, -72, -40, 77, 55, 32, -69, 102, 124, -67, -127, 27, 49, 43, 78, 51, -122, 114, 51, -118, 109};
    private static final byte[] CONTENT = {65, 65, 65, 98, 76, 103, 67, 89, 108, 111, 65, 65, 65, 81, 73, 67, 72, 110, 106, 74,
        113, 50, 106, 117, 112, 84, 85, 71, 45, 90, 54, 105, 77, 113, 104, 113, 49, 52, 103, 65, 72, 84, 72, 111, 100,
        117, 118, 119, 105, 72, 68, 102, 79, 89, 74, 50, 48, 119, 95, 119, 66, 108, 110, 53, 68, 74, 57, 83, 97, 78,
        97, 99, 83, 73, 104, 53, 51, 107, 98, 110, 113, 110, 114, 57, 101, -17, 52, -59};
    private static final String SIGNATURE = "dNxDIj/CG5FX5oahRGYhpGQEZLjuSHfqfjljy12oshuQiSQd791/NkSOxMdhdK8TGZQyHafihIOzwqeQaUf6Dw==";

    @Test
    void theInputsThatHungBouncyCastle173To177AreVerified() {
        byte[] key = Arrays.copyOfRange(PUBLIC_KEY_INFO, 12, 44);

        boolean valid = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(false, new Ed25519PublicKeyParameters(key, 0));
            signer.update(CONTENT, 0, CONTENT.length);
            return signer.verifySignature(Base64.getDecoder().decode(SIGNATURE));
        });

        assertThat(valid).isTrue();
    }
}
