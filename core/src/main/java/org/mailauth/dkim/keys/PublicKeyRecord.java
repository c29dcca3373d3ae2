package org.mailauth.dkim.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** The key record to publish for a signing key (RFC 6376 §3.6.1, RFC 8463 §4): {@code v=DKIM1; k=...; p=...}. */
final class PublicKeyRecord {

    private PublicKeyRecord() {
    }

    static String of(SigningKey signingKey) {
        if (!signingKey.hasPublicHalf()) {
            throw new IllegalStateException("this RSA key does not carry its public half");
        }
        Object key = signingKey.key();
        if (key instanceof Ed25519PrivateKeyParameters) {
            byte[] publicKey = ((Ed25519PrivateKeyParameters) key).generatePublicKey().getEncoded();
            return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(publicKey);
        }
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
        try {
            byte[] spki = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(spki);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the RSA public key", e);
        }
    }
}
