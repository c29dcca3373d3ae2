package org.mailauth.arc;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dkim.BodyCanonicalizer;
import org.mailauth.dkim.BodyHash;
import org.mailauth.dkim.BodyHasher;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimKey;
import org.mailauth.dkim.HeaderData;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.KeyLookup;
import org.mailauth.dns.DnsResolver;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;
import org.mailauth.message.MessageStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the Authenticated Received Chain of a message (RFC 8617 §5.2) as it streams by: once the header section
 * has arrived the chain's structure is checked (steps 1 to 3) and the keys of every AMS and AS are looked up; the body
 * passes once through one canonicalizer per canonicalization the AMSs use; then the latest AMS (step 4), the older ones
 * for oldest-pass (step 5) and every AS (step 6) are verified. DNS failures fail the chain (§5.2.1). Keys follow DKIM's
 * rules, RFC 8301 and RFC 8463 included. Nothing about a message makes the validation fail exceptionally.
 */
public final class ArcVerifier {

    private static final Logger LOGGER = LoggerFactory.getLogger(ArcVerifier.class);
    /** Distinct keys looked up for one chain: a DNS budget per message, as dkim.max-signatures is for DKIM. */
    static final int MAX_KEYS = 20;
    /**
     * Header octets the older AMSs may make us canonicalize and hash for oldest-pass (§5.2 step 5, OPTIONAL): each may
     * sign the whole header section, so an attacker's own 50-set chain on a 5 MB header would cost 250 MB of hashing.
     * Beyond it oldest-pass is not computed; the chain's result does not depend on it.
     */
    static final long OLDEST_PASS_BUDGET = 8L << 20;

    private final KeyLookup keys;
    private final DkimSettings settings;

    public ArcVerifier(DnsResolver dns, DkimSettings settings) {
        this.keys = new KeyLookup(dns);
        this.settings = Objects.requireNonNull(settings);
    }

    /** A stream to write the raw message into (CRLF or LF line ends); {@link Session#finish()} gives the validation. */
    public Session start() {
        return new Session();
    }

    /** Reads the whole message from {@code message} and validates its chain. */
    public CompletionStage<ArcVerification> verify(InputStream message) throws IOException {
        Session session = start();
        message.transferTo(session);
        return session.finish();
    }

    /** One message being validated. Not thread-safe: write from one thread, then finish. */
    public final class Session extends MessageStream {
        private ArcChain chain = ArcChain.of(List.of());
        private List<HeaderField> fields = List.of();
        private final Map<ArcMessageSignature, BodyHasher> hasherOf = new IdentityHashMap<>();
        private final List<BodyHasher> hashers = new ArrayList<>();
        private final List<BodyCanonicalizer> canonicalizers = new ArrayList<>();
        private final Map<String, CompletableFuture<KeyLookup.Outcome>> keyOutcomes = new HashMap<>();

        private Optional<String> overBudget = Optional.empty();

        @Override
        protected void headers(HeaderSection section) {
            fields = section.fields();
            chain = ArcChain.of(fields);
            Set<String> keyNames = new HashSet<>();
            for (ArcSet set : chain.sets()) {
                keyNames.add(set.messageSignature().selector() + "._domainkey." + set.messageSignature().domain());
                keyNames.add(set.seal().selector() + "._domainkey." + set.seal().domain());
            }
            if (keyNames.size() > MAX_KEYS) {
                overBudget = Optional.of("the chain names " + keyNames.size() + " keys; at most " + MAX_KEYS + " are looked up per message");
                return;
            }
            Map<Canonicalization, Map<String, BodyHasher>> byCanonicalization = new HashMap<>();
            for (ArcSet set : chain.sets()) {
                ArcMessageSignature ams = set.messageSignature();
                Map<String, BodyHasher> byKey = byCanonicalization.computeIfAbsent(ams.bodyCanonicalization(), c -> new HashMap<>());
                hasherOf.put(ams, byKey.computeIfAbsent(ams.algorithm().hash() + "/" + ams.bodyLength(),
                    k -> new BodyHasher(ams.algorithm(), ams.bodyLength())));
                lookUp(ams.selector(), ams.domain());
                lookUp(set.seal().selector(), set.seal().domain());
            }
            byCanonicalization.forEach((canonicalization, byKey) -> {
                List<BodyHasher> shared = new ArrayList<>(byKey.values());
                hashers.addAll(shared);
                canonicalizers.add(BodyCanonicalizer.of(canonicalization, BodyHasher.fanOut(shared)));
            });
        }

        private void lookUp(String selector, String domain) {
            keyOutcomes.computeIfAbsent(selector + "._domainkey." + domain, name -> keys.lookUp(selector, domain).toCompletableFuture());
        }

        @Override
        protected void body(byte[] bytes, int offset, int length) {
            for (BodyCanonicalizer canonicalizer : canonicalizers) {
                canonicalizer.update(bytes, offset, length);
            }
        }

        /** The message's header section has ARC header fields. Known once the header section has been written. */
        public boolean hasChain() {
            return chain.present();
        }

        /** Ends the message; completes with the validation. Body hashes are finished here, on the writing thread. */
        public CompletionStage<ArcVerification> finish() {
            endOfMessage();
            if (!chain.present()) {
                return CompletableFuture.completedFuture(ArcVerification.none());
            }
            if (chain.broken().isPresent() || overBudget.isPresent()) {
                return CompletableFuture.completedFuture(ArcVerification.failed(chain.broken().or(() -> overBudget).get(),
                    chain.highestInstance()));
            }
            canonicalizers.forEach(BodyCanonicalizer::finish);
            Map<BodyHasher, BodyHash> bodyHashes = new IdentityHashMap<>();
            hashers.forEach(hasher -> bodyHashes.put(hasher, hasher.finish()));
            Validation validation = new Validation(chain, fields, hasherOf, bodyHashes, keyOutcomes);
            return CompletableFuture.allOf(keyOutcomes.values().toArray(new CompletableFuture<?>[0])).thenApply(done -> {
                try {
                    return validation.result();
                } catch (RuntimeException e) {
                    LOGGER.error("ARC validation failed unexpectedly", e);
                    return ArcVerification.failed("internal error: " + e, chain.highestInstance());
                }
            });
        }
    }

    /** Steps 4 to 7 of RFC 8617 §5.2 over a chain whose keys and body hashes are all known. Immutable once made. */
    private final class Validation {
        private final List<ArcSet> sets;
        private final List<HeaderField> fields;
        private final Map<ArcMessageSignature, BodyHash> bodyHashOf = new IdentityHashMap<>();
        private final Map<String, CompletableFuture<KeyLookup.Outcome>> keyOutcomes;

        Validation(ArcChain chain, List<HeaderField> fields, Map<ArcMessageSignature, BodyHasher> hasherOf,
                   Map<BodyHasher, BodyHash> bodyHashes, Map<String, CompletableFuture<KeyLookup.Outcome>> keyOutcomes) {
            this.sets = chain.sets();
            this.fields = fields;
            hasherOf.forEach((ams, hasher) -> bodyHashOf.put(ams, bodyHashes.get(hasher)));
            this.keyOutcomes = Map.copyOf(keyOutcomes);
        }

        ArcVerification result() {
            int n = sets.size();
            SignatureCheck[] messageSignatures = new SignatureCheck[n + 1];
            SignatureCheck[] seals = new SignatureCheck[n + 1];
            Arrays.fill(messageSignatures, SignatureCheck.NOT_CHECKED);
            Arrays.fill(seals, SignatureCheck.NOT_CHECKED);
            messageSignatures[n] = messageSignature(sets.get(n - 1));
            if (!messageSignatures[n].passed()) {
                return verification(ChainValidationStatus.FAIL, "ARC-Message-Signature i=" + n + ": " + messageSignatures[n].reason().orElse(""),
                    OptionalInt.empty(), messageSignatures, seals);
            }
            OptionalInt oldestPass = OptionalInt.of(0);
            long headerOctets = fields.stream().mapToLong(field -> field.raw().length()).sum();
            if ((n - 1) * headerOctets > OLDEST_PASS_BUDGET) {
                LOGGER.debug("oldest-pass not computed: {} older AMS over {} header octets", n - 1, headerOctets);
                oldestPass = OptionalInt.empty();
            }
            for (int instance = n - 1; instance >= 1 && oldestPass.isPresent(); instance--) {
                messageSignatures[instance] = messageSignature(sets.get(instance - 1));
                if (!messageSignatures[instance].passed()) {
                    oldestPass = OptionalInt.of(instance + 1);
                    break;
                }
            }
            byte[][] sealHashes = new SealedData(sets).sha256BySeal();
            for (int instance = n; instance >= 1; instance--) {
                seals[instance] = seal(instance, sealHashes[instance - 1]);
                if (!seals[instance].passed()) {
                    return verification(ChainValidationStatus.FAIL, "ARC-Seal i=" + instance + ": " + seals[instance].reason().orElse(""),
                        oldestPass, messageSignatures, seals);
                }
            }
            return verification(ChainValidationStatus.PASS, null, oldestPass, messageSignatures, seals);
        }

        private ArcVerification verification(ChainValidationStatus status, String reason, OptionalInt oldestPass,
                                             SignatureCheck[] messageSignatures, SignatureCheck[] seals) {
            List<ArcSetResult> results = new ArrayList<>();
            for (ArcSet set : sets) {
                results.add(new ArcSetResult(set, messageSignatures[set.instance()], seals[set.instance()]));
            }
            return new ArcVerification(status, Optional.ofNullable(reason), sets.size(), oldestPass, results);
        }

        /** An AMS verifies as a DKIM-Signature does (RFC 8617 §4.1.2, RFC 6376 §6.1.3). */
        private SignatureCheck messageSignature(ArcSet set) {
            ArcMessageSignature ams = set.messageSignature();
            if (ams.signedHeaders().contains("arc-seal")) {
                return SignatureCheck.failed("h= names ARC-Seal (RFC 8617 §4.1.2, §5.1.1)");
            }
            Optional<String> keyProblem = keyProblem(ams.algorithm(), ams.selector(), ams.domain());
            if (keyProblem.isPresent()) {
                return SignatureCheck.failed(keyProblem.get());
            }
            BodyHash bodyHash = bodyHashOf.get(ams);
            if (ams.bodyLength().isPresent() && ams.bodyLength().getAsLong() > bodyHash.canonicalLength()) {
                return SignatureCheck.failed("l=" + ams.bodyLength().getAsLong() + " is longer than the body");
            }
            if (!bodyHash.matches(ams.bodyHash())) {
                return SignatureCheck.failed("body hash did not verify");
            }
            byte[] data = HeaderData.of(ams.signedHeaders(), ams.headerCanonicalization(), fields, HeaderData.withoutSignatureValue(ams.field()));
            return key(ams.algorithm(), ams.selector(), ams.domain()).get().verifies(ams.algorithm(), data, ams.signature()) ? SignatureCheck.PASSED
                : SignatureCheck.failed("signature did not verify");
        }

        /** An AS signs the sets 1..i, each AAR, AMS, AS, relaxed, its own b= emptied (RFC 8617 §5.1.1, §4.1.3). */
        private SignatureCheck seal(int instance, byte[] sha256) {
            ArcSeal seal = sets.get(instance - 1).seal();
            Optional<String> keyProblem = keyProblem(seal.algorithm(), seal.selector(), seal.domain());
            if (keyProblem.isPresent()) {
                return SignatureCheck.failed(keyProblem.get());
            }
            return key(seal.algorithm(), seal.selector(), seal.domain()).get().verifiesDigest(seal.algorithm(), sha256, seal.signature())
                ? SignatureCheck.PASSED : SignatureCheck.failed("signature did not verify");
        }

        private Optional<DkimKey> key(DkimAlgorithm algorithm, String selector, String domain) {
            return keyOutcomes.get(selector + "._domainkey." + domain).join().key();
        }

        /** Why the key of a signature cannot be used (RFC 6376 §6.1.2, RFC 8301 §3.1 and §3.2); DNS errors included (§5.2.1). */
        private Optional<String> keyProblem(DkimAlgorithm algorithm, String selector, String domain) {
            if (algorithm == DkimAlgorithm.RSA_SHA1) {
                return Optional.of("rsa-sha1 is not accepted (RFC 8301 §3.1)");
            }
            KeyLookup.Outcome outcome = keyOutcomes.get(selector + "._domainkey." + domain).join();
            if (outcome.key().isEmpty()) {
                return Optional.of(outcome.reason());
            }
            DkimKey key = outcome.key().get();
            Optional<String> unusable = key.unusableFor(algorithm);
            if (unusable.isPresent()) {
                return unusable;
            }
            if (key.keyType().equals("rsa") && key.bits() < settings.minRsaBits()) {
                return Optional.of("RSA key of " + key.bits() + " bits is shorter than " + settings.minRsaBits() + " (RFC 8301 §3.2)");
            }
            if (key.keyType().equals("rsa") && key.bits() > settings.maxRsaBits()) {
                return Optional.of("RSA key of " + key.bits() + " bits is longer than " + settings.maxRsaBits());
            }
            return Optional.empty();
        }
    }

    /** What the ARC-Seal of the last of {@code sets} signs (RFC 8617 §5.1.1). */
    static byte[] sealedData(List<ArcSet> sets) {
        return new SealedData(sets).signedBy(sets.size());
    }
}
