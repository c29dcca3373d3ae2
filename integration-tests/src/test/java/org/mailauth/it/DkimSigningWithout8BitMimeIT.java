package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailauth.it.SigningKeys.ALICE;
import static org.mailauth.it.SigningKeys.submitAndCapture;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing when the remote server does not offer 8BITMIME (RFC 6152): RemoteDelivery then converts and saves the
 * message after signing. The sample's ConvertTo7Bit converts 8-bit content before DKIMSign (JAMES-3016), and
 * DKIMSign signs MIME-Version the way James will save it (JAMES-3742), so both signatures still verify.
 */
class DkimSigningWithout8BitMimeIT {

    private static SigningKeys keys;
    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        keys = new SigningKeys();
        james = keys.harness().sinkWithout8BitMime().start();
        james.addUser(ALICE, "alicepw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void eightBitMailIsConvertedBeforeSigningSoItsSignaturesSurvive() throws Exception {
        String body = new String("Grüße aus Köln, café crème.\r\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String sent = submitAndCapture(james, "signed-8bit", "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body);

        assertThat(sent.chars().allMatch(c -> c < 128)).as("the relayed message is 7-bit").isTrue();
        assertThat(keys.dkimpyVerify(sent)).isEqualTo("pass\npass");
    }

    @Test
    void aMimeVersionCommentThatJamesDropsDoesNotBreakTheSignatures() throws Exception {
        String sent = submitAndCapture(james, "signed-apple", "MIME-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nSent from my Mac.\r\n");

        assertThat(keys.dkimpyVerify(sent)).isEqualTo("pass\npass");
    }
}
