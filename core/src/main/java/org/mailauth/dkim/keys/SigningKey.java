package org.mailauth.dkim.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Locale;
import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.mailauth.dkim.DkimAlgorithm;

/**
 * A private key with the d= and s= it signs for. RSA keys under 1024 bits are refused (RFC 8301 §3.2), and
 * so is rsa-sha1: a signer only makes rsa-sha256 and ed25519-sha256 (RFC 8463) signatures.
 */
public final class SigningKey {

    private final String domain;
    private final String selector;
    private final DkimAlgorithm algorithm;
    private final Object key;

    private SigningKey(String domain, String selector, DkimAlgorithm algorithm, Object key) {
        this.domain = Objects.requireNonNull(domain).toLowerCase(Locale.ROOT);
        this.selector = Objects.requireNonNull(selector);
        this.algorithm = algorithm;
        this.key = key;
    }

    public static SigningKey rsa(String domain, String selector, PrivateKey key) {
        if (!(key instanceof RSAPrivateKey)) {
            throw new IllegalArgumentException("not an RSA private key");
        }
        int bits = ((RSAPrivateKey) key).getModulus().bitLength();
        if (bits < 1024) {
            throw new IllegalArgumentException("an RSA key of " + bits + " bits is too short to sign (RFC 8301 §3.2: at least 1024)");
        }
        return new SigningKey(domain, selector, DkimAlgorithm.RSA_SHA256, key);
    }

    /** {@code seed}: the 32-octet Ed25519 private key (RFC 8032 §5.1.5). */
    public static SigningKey ed25519(String domain, String selector, byte[] seed) {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 octets, not " + seed.length);
        }
        return new SigningKey(domain, selector, DkimAlgorithm.ED25519_SHA256, new Ed25519PrivateKeyParameters(seed, 0));
    }

    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    Object key() {
        return key;
    }

    /**
     * The signature of {@code data} (the header data of RFC 6376 §3.7) for b=: RSASSA-PKCS1-v1_5 with SHA-256 (§3.3.1),
     * or Ed25519 of its SHA-256 hash (RFC 8463 §3).
     */
    public byte[] sign(byte[] data) {
        try {
            if (algorithm == DkimAlgorithm.ED25519_SHA256) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(true, (Ed25519PrivateKeyParameters) key);
                signer.update(hash, 0, hash.length);
                return signer.generateSignature();
            }
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign((PrivateKey) key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + this + " failed", e);
        }
    }

    /** The key size in bits: the RSA modulus, or 256 for Ed25519. */
    public int bits() {
        return key instanceof RSAPrivateKey ? ((RSAPrivateKey) key).getModulus().bitLength() : 256;
    }

    /** The public half as the p= of a key record, for RSA keys that carry it (CRT form) and Ed25519. */
    public String publicKeyRecord() {
        return PublicKeyRecord.of(this);
    }

    boolean hasPublicHalf() {
        return key instanceof RSAPrivateCrtKey || key instanceof Ed25519PrivateKeyParameters;
    }

    @Override
    public String toString() {
        return "d=" + domain + " s=" + selector + " a=" + algorithm.tagValue() + " (" + bits() + " bits)";
    }
}
