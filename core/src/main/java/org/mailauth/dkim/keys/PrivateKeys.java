package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.mailauth.dkim.DkimAlgorithm;

/**
 * Reads DKIM private keys in the forms admins have: PEM PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what
 * {@code opendkim-genkey} writes), PEM PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or Ed25519), and a bare base64
 * Ed25519 seed (what dkimpy and RFC 8463's examples use). Ed25519 goes through Bouncy Castle's ASN.1 so it
 * works on Java 11, which has no EdDSA.
 */
public final class PrivateKeys {

    private static final String RSA_PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";

    private PrivateKeys() {
    }

    /** The signing key in {@code file}, for {@code domain} and {@code selector}. */
    public static SigningKey read(Path file, String domain, String selector) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not a key file: a PEM key or a base64 Ed25519 seed is ASCII text, this file is not", e);
        }
        try {
            return parse(text, domain, selector);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException saying what the text is not */
    public static SigningKey parse(String text, String domain, String selector) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-----BEGIN " + RSA_PKCS1 + "-----")) {
            return SigningKey.rsa(domain, selector, rsaPkcs1(pem(trimmed, RSA_PKCS1)));
        }
        if (trimmed.startsWith("-----BEGIN " + PKCS8 + "-----")) {
            return pkcs8(pem(trimmed, PKCS8), domain, selector);
        }
        if (trimmed.startsWith("-----BEGIN")) {
            String label = trimmed.substring(11, Math.max(11, trimmed.indexOf("-----", 11)));
            String kind = label.matches("[A-Z0-9 ]{1,40}") ? "'" + label + "'" : "label";
            throw new IllegalArgumentException("unsupported PEM " + kind + " (encrypted keys are not read: decrypt the key"
                + " with openssl first); expected RSA PRIVATE KEY or PRIVATE KEY");
        }
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM key nor a base64 Ed25519 seed");
        }
        if (seed.length != 32) {
            throw new IllegalArgumentException("a bare base64 key must be a 32-octet Ed25519 seed, this one has " + seed.length);
        }
        return SigningKey.ed25519(domain, selector, seed);
    }

    /**
     * The PEM form of a key to write to a file: PKCS#1 for RSA (as opendkim-genkey writes it), PKCS#8 for
     * Ed25519 (as openssl writes it).
     */
    public static String toPem(SigningKey key) {
        try {
            if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
                byte[] seed = ((org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters) key.key()).getEncoded();
                PrivateKeyInfo info = new PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                    new org.bouncycastle.asn1.DEROctetString(seed));
                return pemText(PKCS8, info.getEncoded());
            }
            byte[] pkcs1 = PrivateKeyInfo.getInstance(((PrivateKey) key.key()).getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
            return pemText(RSA_PKCS1, pkcs1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + key, e);
        }
    }

    private static String pemText(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = text.indexOf(begin);
        int stop = start < 0 ? -1 : text.indexOf(end, start + begin.length());
        if (stop < 0) {
            throw new IllegalArgumentException("a PEM " + type + " without its END line");
        }
        String body = text.substring(start + begin.length(), stop);
        if (body.contains("Proc-Type") || body.contains("DEK-Info")) {
            throw new IllegalArgumentException("the key is encrypted; decrypt it with openssl first");
        }
        try {
            return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64");
        }
    }

    private static PrivateKey rsaPkcs1(byte[] der) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(der);
            return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(rsa.getModulus(),
                rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(), rsa.getPrime2(), rsa.getExponent1(),
                rsa.getExponent2(), rsa.getCoefficient()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#1 RSA private key");
        }
    }

    private static SigningKey pkcs8(byte[] der, String domain, String selector) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8 private key");
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            try {
                byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
                return SigningKey.ed25519(domain, selector, seed);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key");
            }
        }
        try {
            return SigningKey.rsa(domain, selector, KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a PKCS#8 key that is neither RSA nor Ed25519 ("
                + info.getPrivateKeyAlgorithm().getAlgorithm().getId().toLowerCase(Locale.ROOT) + ")");
        }
    }
}
