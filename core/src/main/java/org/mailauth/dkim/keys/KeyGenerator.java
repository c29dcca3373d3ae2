package org.mailauth.dkim.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

/** New signing keys: RSA of a given size (RFC 8301 §3.2: at least 1024 bits, 2048 recommended) or Ed25519 (RFC 8463). */
public final class KeyGenerator {

    /** The smallest RSA key this generator makes (RFC 8301 §3.2: signers MUST use at least 1024 bits). */
    public static final int MINIMUM_RSA_BITS = 1024;

    private final SecureRandom random;

    public KeyGenerator(SecureRandom random) {
        this.random = random;
    }

    public SigningKey rsa(String domain, String selector, int bits) {
        if (bits < MINIMUM_RSA_BITS || bits > 8192) {
            throw new IllegalArgumentException("an RSA key has " + MINIMUM_RSA_BITS + " to 8192 bits, not " + bits + " (RFC 8301 §3.2)");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, random);
            return SigningKey.rsa(domain, selector, generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no RSA", e);
        }
    }

    public SigningKey ed25519(String domain, String selector) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return SigningKey.ed25519(domain, selector, seed);
    }
}
