package org.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.mailauth.results.FieldText;

/**
 * A DKIM key record (RFC 6376 §3.6.1) with its key decoded: RSA from a SubjectPublicKeyInfo (or, as some
 * publish it, a bare PKCS#1 RSAPublicKey), Ed25519 from the raw 32 octets of RFC 8463 §4. An empty p= is a
 * revoked key.
 */
public final class DkimKey {

    private final String keyType;
    private final Optional<List<String>> acceptableHashes;
    private final List<String> serviceTypes;
    private final boolean testing;
    private final boolean strict;
    private final Optional<Object> key;
    private final int bits;

    private DkimKey(TagList tags) throws DkimSyntaxException {
        if (tags.has("v") && (!tags.firstName().orElse("").equals("v") || !tags.get("v").orElse("").equals("DKIM1"))) {
            throw new DkimSyntaxException("key record v= must come first and be DKIM1 (§3.6.1)");
        }
        this.keyType = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
        this.acceptableHashes = tags.get("h").map(DkimKey::list);
        this.serviceTypes = list(tags.get("s").orElse("*"));
        List<String> flags = list(tags.get("t").orElse(""));
        this.testing = flags.contains("y");
        this.strict = flags.contains("s");
        String data = TagList.withoutWhitespace(tags.required("p"));
        if (data.isEmpty()) {
            this.key = Optional.empty();
            this.bits = 0;
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new DkimSyntaxException("key p= is not base64");
        }
        switch (keyType) {
            case "rsa":
                RSAPublicKey rsa = rsa(bytes);
                this.key = Optional.of(rsa);
                this.bits = rsa.getModulus().bitLength();
                break;
            case "ed25519":
                if (bytes.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                    throw new DkimSyntaxException("an ed25519 key is 32 octets, not " + bytes.length + " (RFC 8463 §4)");
                }
                this.key = Optional.of(ed25519(bytes));
                this.bits = 256;
                break;
            default:
                throw new DkimSyntaxException("unknown key type k=" + FieldText.quote(keyType));
        }
    }

    /**
     * Bouncy Castle 1.70 (James 3.8) takes any 32 octets; from 1.77 on (James 3.9 ships 1.81) the constructor refuses a
     * key that is not a point on the curve with an IllegalArgumentException, which is a bad key record, not an error.
     */
    private static Ed25519PublicKeyParameters ed25519(byte[] bytes) throws DkimSyntaxException {
        try {
            return new Ed25519PublicKeyParameters(bytes, 0);
        } catch (IllegalArgumentException e) {
            throw new DkimSyntaxException("the ed25519 key is not a point of the curve (RFC 8032 §5.1.3)");
        }
    }

    /** @throws DkimSyntaxException with the reason the record cannot be used (a permerror, §6.1.2) */
    public static DkimKey parse(String record) throws DkimSyntaxException {
        return new DkimKey(TagList.parse(record));
    }

    /** k=, lower case; rsa when absent. */
    public String keyType() {
        return keyType;
    }

    /** An empty p=. */
    public boolean revoked() {
        return key.isEmpty();
    }

    /** The decoded key: an {@link RSAPublicKey} or {@link Ed25519PublicKeyParameters}. */
    public Object key() {
        return key.orElseThrow(() -> new IllegalStateException("revoked key"));
    }

    /** The RSA modulus length, 256 for Ed25519, 0 for a revoked key. */
    public int bits() {
        return bits;
    }

    /** h=: when present, the hash of the signature's algorithm must be listed. */
    public boolean allowsHash(String hash) {
        return acceptableHashes.map(hashes -> hashes.contains(hash)).orElse(true);
    }

    /** s=: "*" or "email" (§3.6.1). */
    public boolean allowsEmail() {
        return serviceTypes.contains("*") || serviceTypes.contains("email");
    }

    /** t=y: the domain is testing DKIM. */
    public boolean testing() {
        return testing;
    }

    /** t=s: the i= domain must be d= itself, not a subdomain. */
    public boolean strict() {
        return strict;
    }

    /**
     * Why this key cannot check a signature made with {@code algorithm} (RFC 6376 §3.6.1 and §6.1.2: revoked, k= of
     * another type, h= without its hash, s= without email); empty when it can.
     */
    public Optional<String> unusableFor(DkimAlgorithm algorithm) {
        if (revoked()) {
            return Optional.of("the key is revoked (empty p=)");
        }
        if (!keyType.equals(algorithm.keyType())) {
            return Optional.of("key type k=" + keyType + " does not fit a=" + algorithm.tagValue());
        }
        if (!allowsHash(algorithm.hash())) {
            return Optional.of("the key's h= does not allow " + algorithm.hash());
        }
        if (!allowsEmail()) {
            return Optional.of("the key's s= does not include email");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code signature} is this key's signature of {@code data} (RFC 6376 §3.7 step 2): RSASSA-PKCS1-v1_5 with
     * SHA-256, or Ed25519 over the SHA-256 hash of the data (RFC 8463 §3). The key must suit the algorithm.
     */
    public boolean verifies(DkimAlgorithm algorithm, byte[] data, byte[] signature) {
        try {
            if (algorithm == DkimAlgorithm.ED25519_SHA256) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(false, (Ed25519PublicKeyParameters) key());
                signer.update(hash, 0, hash.length);
                return signer.verifySignature(signature);
            }
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify((PublicKey) key());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The DER DigestInfo prefix of a SHA-256 hash (RFC 8017 §9.2 note 1), what RSASSA-PKCS1-v1_5 signs before the hash. */
    private static final byte[] SHA256_DIGEST_INFO = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03,
        0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

    /**
     * As {@link #verifies}, from the SHA-256 hash of the data rather than the data: for signers of data that share a
     * prefix (the ARC-Seals of a chain, RFC 8617 §5.1.1), whose hashes are computed once along the prefix. Only the
     * SHA-256 algorithms (rsa-sha256, ed25519-sha256).
     */
    public boolean verifiesDigest(DkimAlgorithm algorithm, byte[] sha256, byte[] signature) {
        try {
            if (algorithm == DkimAlgorithm.ED25519_SHA256) {
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(false, (Ed25519PublicKeyParameters) key());
                signer.update(sha256, 0, sha256.length);
                return signer.verifySignature(signature);
            }
            if (algorithm != DkimAlgorithm.RSA_SHA256) {
                return false;
            }
            Signature verifier = Signature.getInstance("NONEwithRSA");
            verifier.initVerify((PublicKey) key());
            verifier.update(SHA256_DIGEST_INFO);
            verifier.update(sha256);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static RSAPublicKey rsa(byte[] bytes) throws DkimSyntaxException {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            try {
                return (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(bytes));
            } catch (GeneralSecurityException notSubjectPublicKeyInfo) {
                org.bouncycastle.asn1.pkcs.RSAPublicKey pkcs1 = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(bytes);
                PublicKey key = factory.generatePublic(new RSAPublicKeySpec(pkcs1.getModulus(), pkcs1.getPublicExponent()));
                return (RSAPublicKey) key;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DkimSyntaxException("key p= is not an RSA public key");
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(":"))
            .map(TagList::withoutWhitespace)
            .map(item -> item.toLowerCase(Locale.ROOT))
            .filter(item -> !item.isEmpty())
            .collect(java.util.stream.Collectors.toList());
    }
}
