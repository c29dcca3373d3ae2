package org.mailauth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The credential for James's WebAdmin, which {@code mailauth run} starts with JWT authentication
 * ({@code jwt.enabled=true} in webadmin.properties): an RS256 JSON Web Token (RFC 7519; RFC 7518 §3.3) with
 * the claims James 3.8.1 checks, {@code sub} and {@code admin: true}, signed by a key pair made at every
 * start. James reads the public key from the file given to {@link #issue}; the private key is never written,
 * so a token of an earlier start stops working. The token goes to a file only its owner can read.
 */
final class WebAdminToken {

    static final String SUBJECT = "mailauth-run";

    private final String token;
    private final Path file;

    private WebAdminToken(String token, Path file) {
        this.token = token;
        this.file = file;
    }

    /** Writes the public key (PEM) to {@code publicKeyFile} and a new token to {@code tokenFile} (mode 0600). */
    static WebAdminToken issue(Path publicKeyFile, Path tokenFile, Instant now) throws IOException {
        KeyPair pair = rsaKeyPair();
        Files.writeString(publicKeyFile, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
        String header = base64Url(new JsonObject().put("alg", "RS256").put("typ", "JWT").toString());
        String claims = base64Url(new JsonObject().put("sub", SUBJECT).put("admin", true)
            .put("iat", now.getEpochSecond()).toString());
        String signingInput = header + "." + claims;
        String token = signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(pair, signingInput));
        Files.deleteIfExists(tokenFile);
        KeyFileWriter.write(tokenFile, token + "\n");
        return new WebAdminToken(token, tokenFile);
    }

    /** The token a start wrote to {@code tokenFile}, read back (by {@code mailauth kept}). */
    static WebAdminToken read(Path tokenFile) throws IOException {
        return new WebAdminToken(Files.readString(tokenFile, StandardCharsets.US_ASCII).trim(), tokenFile);
    }

    /** The value of the {@code Authorization} header (RFC 6750 §2.1). */
    String authorization() {
        return "Bearer " + token;
    }

    Path file() {
        return file;
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no RSA", e);
        }
    }

    /** RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256 over the ASCII of the signing input. */
    private static byte[] sign(KeyPair pair, String signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(pair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot sign with SHA256withRSA", e);
        }
    }
}
