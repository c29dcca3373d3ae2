package org.mailauth.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.verify.DkimVerifier;

/** Test messages and one-line signing and verifying. */
public final class Messages {

    public static final String PLAIN = "From: Alice <alice@example.org>\r\n"
        + "To: Bob <bob@example.com>\r\n"
        + "Subject: Lunch\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <lunch-1@example.org>\r\n"
        + "\r\n"
        + "Shall we meet at noon?\r\n"
        + "  Alice  \r\n"
        + "\r\n";

    private Messages() {
    }

    public static String signed(DkimSigner signer, String message) {
        try {
            return signer.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1))) + "\r\n" + message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DkimVerification verify(DkimVerifier verifier, String message) {
        try {
            CompletionStage<DkimVerification> result = verifier.verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
            return result.toCompletableFuture().join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
