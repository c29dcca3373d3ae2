package org.mailauth.dkim.keys;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimKey;
import org.mailauth.dkim.DkimSyntaxException;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;

/**
 * Whether the key record published at {@code selector._domainkey.domain} (RFC 6376 §3.6.2.1) belongs to a
 * signing key and lets verifiers use it: what {@code opendkim-testkey} checks, and what {@code mailauth testkey}
 * reports. Usable means: one readable key record, not revoked (§3.6.1, empty p=), of the key's type, with the
 * same public key, allowing sha256 (h=) and email (s=), and an RSA key at least {@code minimumBits} long (RFC 8301 §3.2).
 */
public final class PublishedKeyCheck {

    /** What is wrong, if anything. */
    public enum Problem { NONE, NO_RECORD, DNS_FAILURE, SYNTAX, REVOKED, WRONG_TYPE, MISMATCH, NOT_FOR_SHA256_EMAIL, TOO_SHORT }

    private final String name;
    private final Problem problem;
    private final String detail;
    private final OptionalInt publishedBits;
    private final boolean testing;
    private final boolean secure;
    private final Optional<String> record;

    private PublishedKeyCheck(String name, Problem problem, String detail, OptionalInt publishedBits, boolean testing,
                              boolean secure, Optional<String> record) {
        this.name = name;
        this.problem = problem;
        this.detail = detail;
        this.publishedBits = publishedBits;
        this.testing = testing;
        this.secure = secure;
        this.record = record;
    }

    /** Looks the record up and compares it with {@code key}. */
    public static CompletionStage<PublishedKeyCheck> run(DnsResolver dns, SigningKey key, int minimumBits) {
        String name = key.selector() + "._domainkey." + key.domain();
        return dns.txt(name).thenApply(answer -> check(name, answer, key, minimumBits));
    }

    private static PublishedKeyCheck check(String name, DnsAnswer<String> answer, SigningKey key, int minimumBits) {
        boolean secure = answer.authentic();
        if (answer.isTemporaryFailure()) {
            return failed(name, Problem.DNS_FAILURE, "the lookup failed: " + answer.detail(), secure, Optional.empty());
        }
        if (!answer.hasRecords()) {
            return failed(name, Problem.NO_RECORD, "no TXT record at " + name, secure, Optional.empty());
        }
        if (answer.records().size() > 1) {
            return failed(name, Problem.SYNTAX, answer.records().size() + " TXT records at " + name
                + "; publish exactly one key record (RFC 6376 §3.6.2.2)", secure, Optional.empty());
        }
        String text = answer.records().get(0);
        DkimKey published;
        try {
            published = DkimKey.parse(text);
        } catch (DkimSyntaxException e) {
            return failed(name, Problem.SYNTAX, e.getMessage(), secure, Optional.of(text));
        }
        if (published.revoked()) {
            return failed(name, Problem.REVOKED, "the record has an empty p=: the key is revoked (RFC 6376 §3.6.1)", secure, Optional.of(text));
        }
        OptionalInt bits = OptionalInt.of(published.bits());
        String expectedType = key.algorithm() == DkimAlgorithm.ED25519_SHA256 ? "ed25519" : "rsa";
        if (!published.keyType().equals(expectedType)) {
            return new PublishedKeyCheck(name, Problem.WRONG_TYPE, "the record has k=" + published.keyType() + ", the private key is "
                + expectedType, bits, published.testing(), secure, Optional.of(text));
        }
        if (!samePublicKey(key, published.key())) {
            return new PublishedKeyCheck(name, Problem.MISMATCH, "the published key is not the public half of this private key",
                bits, published.testing(), secure, Optional.of(text));
        }
        if (!published.allowsHash("sha256") || !published.allowsEmail()) {
            return new PublishedKeyCheck(name, Problem.NOT_FOR_SHA256_EMAIL, "the record's h= or s= excludes sha256 signatures of email",
                bits, published.testing(), secure, Optional.of(text));
        }
        if (expectedType.equals("rsa") && published.bits() < minimumBits) {
            return new PublishedKeyCheck(name, Problem.TOO_SHORT, published.bits() + " bits; verifiers refuse keys under "
                + minimumBits + " (RFC 8301 §3.2)", bits, published.testing(), secure, Optional.of(text));
        }
        return new PublishedKeyCheck(name, Problem.NONE, published.testing() ? "the record has t=y: verifiers treat failures as "
            + "a test (RFC 6376 §3.6.1)" : "", bits, published.testing(), secure, Optional.of(text));
    }

    private static boolean samePublicKey(SigningKey key, Object published) {
        Object own = key.key();
        if (own instanceof Ed25519PrivateKeyParameters && published instanceof Ed25519PublicKeyParameters) {
            return Arrays.equals(((Ed25519PrivateKeyParameters) own).generatePublicKey().getEncoded(),
                ((Ed25519PublicKeyParameters) published).getEncoded());
        }
        if (own instanceof RSAPrivateCrtKey && published instanceof RSAPublicKey) {
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) own;
            RSAPublicKey rsaPublic = (RSAPublicKey) published;
            return rsa.getModulus().equals(rsaPublic.getModulus()) && rsa.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        return false;
    }

    private static PublishedKeyCheck failed(String name, Problem problem, String detail, boolean secure, Optional<String> record) {
        return new PublishedKeyCheck(name, problem, detail, OptionalInt.empty(), false, secure, record);
    }

    /** The key record's name, {@code selector._domainkey.domain}. */
    public String name() {
        return name;
    }

    public boolean usable() {
        return problem == Problem.NONE;
    }

    public Problem problem() {
        return problem;
    }

    /** What is wrong, or a remark about a usable record (e.g. t=y); empty when there is nothing to say. */
    public String detail() {
        return detail;
    }

    /** The published key's size, when the record could be read. */
    public OptionalInt publishedBits() {
        return publishedBits;
    }

    /** t=y (RFC 6376 §3.6.1). */
    public boolean testing() {
        return testing;
    }

    /** Whether the DNS answer was DNSSEC-authenticated (the resolver's AD bit). */
    public boolean secure() {
        return secure;
    }

    /** The TXT record as published. */
    public Optional<String> record() {
        return record;
    }
}
