package org.mailauth.dkim;

import java.util.Optional;

/** The signing algorithms of a= (RFC 6376 §3.3, RFC 8463 §3); rsa-sha1 is known but never valid (RFC 8301 §3.1). */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa", "sha256"),
    ED25519_SHA256("ed25519-sha256", "ed25519", "sha256"),
    RSA_SHA1("rsa-sha1", "rsa", "sha1");

    private final String name;
    private final String keyType;
    private final String hash;

    DkimAlgorithm(String name, String keyType, String hash) {
        this.name = name;
        this.keyType = keyType;
        this.hash = hash;
    }

    /** As written in a=: "rsa-sha256". */
    public String tagValue() {
        return name;
    }

    /** The key type of the key record's k= tag. */
    public String keyType() {
        return keyType;
    }

    /** The hash of the key record's h= tag. */
    public String hash() {
        return hash;
    }

    /** The JCA name of the digest. */
    String digest() {
        return hash.equals("sha1") ? "SHA-1" : "SHA-256";
    }

    /** The algorithm a= names, case-insensitive. */
    public static Optional<DkimAlgorithm> of(String tagValue) {
        for (DkimAlgorithm algorithm : values()) {
            if (algorithm.name.equalsIgnoreCase(tagValue)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
