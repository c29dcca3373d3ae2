package org.mailauth.arc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.mailauth.message.HeaderField;

/**
 * The Authenticated Received Chain of a message (RFC 8617 §4.2), as steps 1 to 3 of validation (§5.2) find it: no ARC
 * header fields at all; a broken chain, with the reason; or the ARC Sets 1..N, each complete, with cv=none at 1 and
 * cv=pass above. Signatures are not checked here.
 */
public final class ArcChain {

    private final List<ArcSet> sets;
    private final Optional<String> broken;
    private final int highestInstance;
    private final boolean present;
    private final boolean latestSealFailed;

    private ArcChain(boolean present, List<ArcSet> sets, Optional<String> broken, int highestInstance, boolean latestSealFailed) {
        this.present = present;
        this.sets = List.copyOf(sets);
        this.broken = broken;
        this.highestInstance = highestInstance;
        this.latestSealFailed = latestSealFailed;
    }

    private static ArcChain broken(String reason, int highestInstance) {
        return new ArcChain(true, List.of(), Optional.of(reason), highestInstance, false);
    }

    /** The chain in {@code fields}, the header section of a message in order. Each ARC field is parsed once. */
    public static ArcChain of(List<HeaderField> fields) {
        Map<Integer, Found> results = new TreeMap<>();
        Map<Integer, Found> signatures = new TreeMap<>();
        Map<Integer, Found> seals = new TreeMap<>();
        Optional<String> problem = Optional.empty();
        int count = 0;
        int highest = 0;
        for (HeaderField field : fields) {
            boolean isResults = field.hasName(ArcAuthenticationResults.NAME);
            boolean isSignature = !isResults && field.hasName(ArcMessageSignature.NAME);
            if (!isResults && !isSignature && !field.hasName(ArcSeal.NAME)) {
                continue;
            }
            if (++count > 3 * InstanceTag.MAX) {
                return broken("more than " + InstanceTag.MAX + " ARC Sets (RFC 8617 §5.2 step 1)", highest);
            }
            Found found;
            try {
                found = isResults ? Found.results(field) : isSignature ? Found.signature(field) : Found.seal(field);
            } catch (ArcSyntaxException e) {
                problem = problem.or(() -> Optional.of(e.getMessage()));
                continue;
            }
            int instance = found.instance;
            highest = Math.max(highest, instance);
            Map<Integer, Found> byInstance = isResults ? results : isSignature ? signatures : seals;
            if (byInstance.putIfAbsent(instance, found) != null) {
                problem = problem.or(() -> Optional.of("two " + field.name() + " fields with i=" + instance + " (RFC 8617 §5.2 step 3.A)"));
            }
        }
        if (count == 0) {
            return new ArcChain(false, List.of(), Optional.empty(), 0, false);
        }
        Found latestSeal = seals.get(highest);
        if (latestSeal != null) {
            try {
                if (latestSeal.seal().chainValidation() == ChainValidationStatus.FAIL) {
                    return new ArcChain(true, List.of(), Optional.of("the latest ARC-Seal (i=" + highest + ") says cv=fail (RFC 8617 §5.2 step 2)"),
                        highest, true);
                }
            } catch (ArcSyntaxException e) {
                problem = problem.or(() -> Optional.of(e.getMessage()));
            }
        }
        if (problem.isPresent()) {
            return broken(problem.get(), highest);
        }
        List<ArcSet> sets = new ArrayList<>();
        for (int instance = 1; instance <= highest; instance++) {
            try {
                sets.add(set(instance, results.get(instance), signatures.get(instance), seals.get(instance)));
            } catch (ArcSyntaxException e) {
                return broken(e.getMessage(), highest);
            }
        }
        return new ArcChain(true, sets, Optional.empty(), highest, false);
    }

    /** Step 3: one of each field (A), no gap (B), cv=none at instance 1 and cv=pass above (C). */
    private static ArcSet set(int instance, Found results, Found signature, Found seal) throws ArcSyntaxException {
        if (results == null || signature == null || seal == null) {
            String missing = results == null ? ArcAuthenticationResults.NAME : signature == null ? ArcMessageSignature.NAME : ArcSeal.NAME;
            throw new ArcSyntaxException("ARC Set i=" + instance + " has no " + missing + " (RFC 8617 §5.2 step 3.A, 3.B)");
        }
        ArcSeal parsedSeal = seal.seal();
        ChainValidationStatus expected = instance == 1 ? ChainValidationStatus.NONE : ChainValidationStatus.PASS;
        if (parsedSeal.chainValidation() != expected) {
            throw new ArcSyntaxException("ARC-Seal i=" + instance + " says cv=" + parsedSeal.chainValidation().keyword() + ", not "
                + expected.keyword() + " (RFC 8617 §5.2 step 3.C)");
        }
        return new ArcSet(results.results(), signature.signature(), parsedSeal);
    }

    /**
     * An ARC field as first read: its instance, which places it in its set (RFC 8617 §5.2 step 3), and the field parsed,
     * or why it cannot be used (the chain fails on it when its set is examined).
     */
    private static final class Found {
        private final int instance;
        private final Object parsed;
        private final ArcSyntaxException error;

        private Found(int instance, Object parsed, ArcSyntaxException error) {
            this.instance = instance;
            this.parsed = parsed;
            this.error = error;
        }

        /** @throws ArcSyntaxException when not even the instance can be read */
        static Found results(HeaderField field) throws ArcSyntaxException {
            ArcAuthenticationResults results = ArcAuthenticationResults.parse(field);
            return new Found(results.instance(), results, null);
        }

        static Found signature(HeaderField field) throws ArcSyntaxException {
            SignatureTags tags = SignatureTags.parse(ArcMessageSignature.NAME, field.value());
            int instance = tags.instance();
            try {
                return new Found(instance, ArcMessageSignature.of(field, tags), null);
            } catch (ArcSyntaxException e) {
                return new Found(instance, null, e);
            }
        }

        static Found seal(HeaderField field) throws ArcSyntaxException {
            SignatureTags tags = SignatureTags.parse(ArcSeal.NAME, field.value());
            int instance = tags.instance();
            try {
                return new Found(instance, ArcSeal.of(field, tags), null);
            } catch (ArcSyntaxException e) {
                return new Found(instance, null, e);
            }
        }

        ArcAuthenticationResults results() {
            return (ArcAuthenticationResults) parsed;
        }

        ArcMessageSignature signature() throws ArcSyntaxException {
            return (ArcMessageSignature) parsedOrError();
        }

        ArcSeal seal() throws ArcSyntaxException {
            return (ArcSeal) parsedOrError();
        }

        private Object parsedOrError() throws ArcSyntaxException {
            if (error != null) {
                throw error;
            }
            return parsed;
        }
    }

    /** Whether the message has any ARC header field. */
    public boolean present() {
        return present;
    }

    /** Why the chain fails structurally; empty for no chain and for a well-formed one. */
    public Optional<String> broken() {
        return broken;
    }

    /** The sets 1..N of a well-formed chain; empty otherwise. */
    public List<ArcSet> sets() {
        return sets;
    }

    /** N: the highest instance any ARC field names, 0 without a chain (a sealer adds N+1, RFC 8617 §5.1 step 3). */
    public int highestInstance() {
        return highestInstance;
    }

    /** Whether the most recent seal says cv=fail: a sealer then adds nothing (RFC 8617 §5.1 step 2). */
    public boolean latestSealFailed() {
        return latestSealFailed;
    }
}
