package org.mailauth.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.mailauth.dkim.keys.SigningKey;

/** Keys for DKIM tests, made once per JVM; RFC 8032 §7.1 TEST 1 for Ed25519 (the RFC 8463 example key). */
public final class TestKeys {

    public static final String DOMAIN = "example.org";
    public static final byte[] ED25519_SEED = Base64.getDecoder().decode("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=");
    public static final KeyPair RSA_2048 = rsa(2048);
    public static final KeyPair RSA_1024 = rsa(1024);

    private TestKeys() {
    }

    public static SigningKey rsa2048(String selector) {
        return SigningKey.rsa(DOMAIN, selector, RSA_2048.getPrivate());
    }

    public static SigningKey ed25519(String selector) {
        return SigningKey.ed25519(DOMAIN, selector, ED25519_SEED);
    }

    /** The PKCS#1 PEM form of the RSA 2048 key, in a temporary file (what opendkim-genkey writes). */
    public static Path rsa2048Pem() {
        try {
            Path file = Files.createTempFile("dkim-rsa", ".pem");
            file.toFile().deleteOnExit();
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(RSA_2048.getPrivate().getEncoded());
            byte[] pkcs1 = info.parsePrivateKey().toASN1Primitive().getEncoded();
            String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
            Files.writeString(file, pem);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Ed25519 seed as dkimpy reads it: base64 in a file. */
    public static Path ed25519Base64() {
        try {
            Path file = Files.createTempFile("dkim-ed25519", ".key");
            file.toFile().deleteOnExit();
            Files.writeString(file, Base64.getEncoder().encodeToString(ED25519_SEED));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
