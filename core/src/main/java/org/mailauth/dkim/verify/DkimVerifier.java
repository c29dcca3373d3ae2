package org.mailauth.dkim.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHash;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimKey;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignature;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimSyntaxException;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.HeaderData;
import org.mailauth.dns.DnsResolver;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.message.MessageStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the DKIM signatures of a message (RFC 6376 §6) as it streams by: once the header section has
 * arrived, the key lookups of all signatures go out; the body then passes once through one canonicalizer
 * per canonicalization, feeding the body hash of every signature (signatures with the same
 * canonicalization, hash and l= share one). Nothing of the body is kept. Every signature gets a result;
 * nothing about a message makes the verification fail exceptionally.
 */
public final class DkimVerifier {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimVerifier.class);
    private static final String SIGNATURE_FIELD = "DKIM-Signature";

    private final DnsResolver dns;
    private final DkimSettings settings;
    private final KeyLookup keys;

    public DkimVerifier(DnsResolver dns, DkimSettings settings) {
        this.dns = Objects.requireNonNull(dns);
        this.settings = Objects.requireNonNull(settings);
        this.keys = new KeyLookup(dns);
    }

    /** A stream to write the raw message into (CRLF or LF line ends); {@link Session#finish()} gives the results. */
    public Session start() {
        return new Session();
    }

    /** Reads the whole message from {@code message} and verifies it. */
    public CompletionStage<DkimVerification> verify(InputStream message) throws IOException {
        Session session = start();
        message.transferTo(session);
        return session.finish();
    }

    /**
     * One message being verified. Not thread-safe: write from one thread, then finish. The key lookups complete on
     * other threads; what they read of the message (header data, body hashes) is complete and immutable by then.
     */
    public final class Session extends MessageStream {
        private HeaderSection headerSection = HeaderSection.of(new byte[0]);
        private final List<Check> checks = new ArrayList<>();
        private final List<BodyHasher> hashers = new ArrayList<>();
        private final List<BodyCanonicalizer> canonicalizers = new ArrayList<>();

        @Override
        protected void headers(HeaderSection section) {
            headerSection = section;
            List<HeaderField> fields = section.fields();
            Map<Canonicalization, Map<String, BodyHasher>> byCanonicalization = new EnumMap<>(Canonicalization.class);
            int examined = 0;
            for (HeaderField field : fields) {
                if (!field.hasName(SIGNATURE_FIELD)) {
                    continue;
                }
                if (examined++ == settings.maxSignatures()) {
                    LOGGER.debug("more than {} DKIM signatures; the rest are not examined", settings.maxSignatures());
                    break;
                }
                checks.add(check(field, fields, byCanonicalization));
            }
            byCanonicalization.forEach((canonicalization, byKey) -> {
                List<BodyHasher> shared = new ArrayList<>(byKey.values());
                hashers.addAll(shared);
                canonicalizers.add(BodyCanonicalizer.of(canonicalization, BodyHasher.fanOut(shared)));
            });
        }

        @Override
        protected void body(byte[] bytes, int offset, int length) {
            for (BodyCanonicalizer canonicalizer : canonicalizers) {
                canonicalizer.update(bytes, offset, length);
            }
        }

        /** The message's header section, once it has been written (RFC 5322 §2.2); empty before. */
        public HeaderSection headerSection() {
            return headerSection;
        }

        /**
         * Ends the message; completes when every signature has its result. Every body hash is finished here, on the
         * writing thread, before any signature is verified: a verification may run on the thread that answered its key.
         */
        public CompletionStage<DkimVerification> finish() {
            endOfMessage();
            canonicalizers.forEach(BodyCanonicalizer::finish);
            Map<BodyHasher, BodyHash> bodyHashes = new IdentityHashMap<>();
            hashers.forEach(hasher -> bodyHashes.put(hasher, hasher.finish()));
            List<CompletableFuture<DkimSignatureResult>> results = new ArrayList<>();
            for (Check check : checks) {
                results.add(check.result(bodyHashes).toCompletableFuture());
            }
            return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
                List<DkimSignatureResult> list = new ArrayList<>();
                results.forEach(result -> list.add(result.join()));
                return new DkimVerification(list);
            });
        }
    }

    /** Parses a DKIM-Signature field, refuses what needs neither key nor body, else starts its key lookup. */
    private Check check(HeaderField field, List<HeaderField> fields, Map<Canonicalization, Map<String, BodyHasher>> hashers) {
        DkimSignature parsed;
        try {
            parsed = DkimSignature.parse(field);
        } catch (DkimSyntaxException e) {
            return new Check(DkimSignatureResult.unreadable(field, e.getMessage()));
        }
        Optional<DkimSignatureResult> refused = refusal(parsed);
        if (refused.isPresent()) {
            return new Check(refused.get());
        }
        String hashKey = parsed.algorithm().hash() + "/" + parsed.bodyLength();
        BodyHasher hasher = hashers.computeIfAbsent(parsed.bodyCanonicalization(), c -> new HashMap<>())
            .computeIfAbsent(hashKey, k -> new BodyHasher(parsed.algorithm(), parsed.bodyLength()));
        return new Check(parsed, HeaderData.of(parsed.signedHeaders(), parsed.headerCanonicalization(), fields,
            parsed.withoutSignatureValue()), hasher, keys.lookUp(parsed.selector(), parsed.domain()), SingleInstanceFields.uncoveredInstance(parsed.signedHeaders(), fields));
    }

    /** Refusals that need neither the key nor the body (RFC 8301 §3.1, RFC 6376 §3.5 t= and x=). */
    private Optional<DkimSignatureResult> refusal(DkimSignature parsed) {
        long now = settings.clock().instant().getEpochSecond();
        if (parsed.algorithm() == DkimAlgorithm.RSA_SHA1) {
            return Optional.of(result(parsed, DkimResult.POLICY, "rsa-sha1 is not accepted (RFC 8301 §3.1)", null));
        }
        if (parsed.timestamp().isPresent() && parsed.timestamp().getAsLong() > now + settings.clockSkew().getSeconds()) {
            return Optional.of(result(parsed, DkimResult.FAIL, "t= is in the future", null));
        }
        if (parsed.expiration().isPresent() && parsed.expiration().getAsLong() < now) {
            return Optional.of(result(parsed, DkimResult.FAIL, "the signature expired (x=)", null));
        }
        return Optional.empty();
    }

    private static DkimSignatureResult result(DkimSignature parsed, DkimResult result, String reason, DkimKey dkimKey) {
        return new DkimSignatureResult(result, Optional.ofNullable(reason), parsed.domain(), parsed.selector(),
            parsed.algorithm().tagValue(), parsed.identityTag(), dkimKey == null ? OptionalInt.empty() : OptionalInt.of(dkimKey.bits()),
            dkimKey != null && dkimKey.testing(), parsed.signatureText());
    }

    /**
     * The verification of one DKIM-Signature field: refused at once, or waiting for its key and its body hash.
     * Immutable: it is made on the writing thread and finished on the one that answers its key.
     */
    private final class Check {
        private final Optional<DkimSignatureResult> early;
        private final DkimSignature signature;
        private final byte[] headerData;
        private final BodyHasher hasher;
        private final CompletionStage<KeyLookup.Outcome> key;
        private final Optional<String> uncoveredInstance;

        Check(DkimSignatureResult early) {
            this.early = Optional.of(early);
            this.signature = null;
            this.headerData = null;
            this.hasher = null;
            this.key = null;
            this.uncoveredInstance = Optional.empty();
        }

        Check(DkimSignature signature, byte[] headerData, BodyHasher hasher, CompletionStage<KeyLookup.Outcome> key,
              Optional<String> uncoveredInstance) {
            this.early = Optional.empty();
            this.signature = signature;
            this.headerData = headerData;
            this.hasher = hasher;
            this.key = key;
            this.uncoveredInstance = uncoveredInstance;
        }

        /** The result, once the key is there; {@code bodyHashes} holds the finished hash of every hasher. */
        CompletionStage<DkimSignatureResult> result(Map<BodyHasher, BodyHash> bodyHashes) {
            if (early.isPresent()) {
                return CompletableFuture.completedFuture(early.get());
            }
            BodyHash bodyHash = bodyHashes.get(hasher);
            return key.thenApply(outcome -> {
                try {
                    return verify(outcome, bodyHash);
                } catch (RuntimeException e) {
                    LOGGER.error("DKIM verification of {} failed unexpectedly", signature, e);
                    return result(signature, DkimResult.PERMERROR, "internal error: " + e, null);
                }
            });
        }

        /** RFC 6376 §6.1.2 and §6.1.3, with the key checks of §3.6.1 and RFC 8301. */
        private DkimSignatureResult verify(KeyLookup.Outcome outcome, BodyHash bodyHash) {
            if (outcome.key().isEmpty()) {
                return result(signature, outcome.error(), outcome.reason(), null);
            }
            DkimKey dkimKey = outcome.key().get();
            Optional<String> keyProblem = keyProblem(signature, dkimKey);
            if (keyProblem.isPresent()) {
                return result(signature, DkimResult.PERMERROR, keyProblem.get(), dkimKey);
            }
            if (dkimKey.keyType().equals("rsa") && dkimKey.bits() < settings.minRsaBits()) {
                return result(signature, DkimResult.POLICY, "RSA key of " + dkimKey.bits() + " bits is shorter than "
                    + settings.minRsaBits() + " (RFC 8301 §3.2)", dkimKey);
            }
            if (dkimKey.keyType().equals("rsa") && dkimKey.bits() > settings.maxRsaBits()) {
                return result(signature, DkimResult.POLICY, "RSA key of " + dkimKey.bits() + " bits is longer than "
                    + settings.maxRsaBits(), dkimKey);
            }
            long canonicalLength = bodyHash.canonicalLength();
            if (signature.bodyLength().isPresent() && signature.bodyLength().getAsLong() > canonicalLength) {
                return result(signature, DkimResult.FAIL, "l=" + signature.bodyLength().getAsLong() + " is longer than the body ("
                    + canonicalLength + " octets)", dkimKey);
            }
            if (!bodyHash.matches(signature.bodyHash())) {
                return result(signature, DkimResult.FAIL, "body hash did not verify", dkimKey);
            }
            if (!dkimKey.verifies(signature.algorithm(), headerData, signature.signature())) {
                return result(signature, DkimResult.FAIL, "signature did not verify", dkimKey);
            }
            if (signature.bodyLength().isPresent() && canonicalLength > signature.bodyLength().getAsLong()
                && settings.bodyLengthPolicy() == DkimSettings.BodyLengthPolicy.WHOLE_BODY) {
                return result(signature, DkimResult.POLICY, (canonicalLength - signature.bodyLength().getAsLong())
                    + " octets after l= are not signed", dkimKey);
            }
            if (uncoveredInstance.isPresent()) {
                return result(signature, DkimResult.POLICY, uncoveredInstance.get(), dkimKey);
            }
            return result(signature, DkimResult.PASS, null, dkimKey);
        }

        private Optional<String> keyProblem(DkimSignature parsed, DkimKey dkimKey) {
            Optional<String> unusable = dkimKey.unusableFor(parsed.algorithm());
            if (unusable.isPresent()) {
                return unusable;
            }
            if (dkimKey.strict()) {
                String identity = parsed.identity();
                String identityDomain = identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
                if (!identityDomain.equals(parsed.domain())) {
                    return Optional.of("the key has t=s: i= must be in d= itself, not a subdomain");
                }
            }
            return Optional.empty();
        }

        private DkimSignatureResult result(DkimSignature parsed, DkimResult result, String reason, DkimKey dkimKey) {
            return DkimVerifier.result(parsed, result, reason, dkimKey);
        }
    }
}
