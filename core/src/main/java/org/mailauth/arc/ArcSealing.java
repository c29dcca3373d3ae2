package org.mailauth.arc;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ArcSealer} did with a message: the new ARC Set, as the fields to put on top of the message in the order
 * given (ARC-Seal first), or the reason it added none (RFC 8617 §5.1 step 2, or 50 sets already).
 */
public final class ArcSealing {

    private final List<String> fields;
    private final int instance;
    private final ChainValidationStatus chainValidation;
    private final Optional<String> notSealed;

    private ArcSealing(List<String> fields, int instance, ChainValidationStatus chainValidation, Optional<String> notSealed) {
        this.fields = List.copyOf(fields);
        this.instance = instance;
        this.chainValidation = chainValidation;
        this.notSealed = notSealed;
    }

    static ArcSealing sealed(String seal, String messageSignature, String results, int instance, ChainValidationStatus cv) {
        return new ArcSealing(List.of(seal, messageSignature, results), instance, cv, Optional.empty());
    }

    static ArcSealing notSealed(String reason) {
        return new ArcSealing(List.of(), 0, ChainValidationStatus.NONE, Optional.of(reason));
    }

    public boolean sealed() {
        return notSealed.isEmpty();
    }

    /** ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results: whole fields, folded, without final CRLF, top first. */
    public List<String> fields() {
        return fields;
    }

    /** The instance of the new set. */
    public int instance() {
        return instance;
    }

    /** The cv= of the new seal. */
    public ChainValidationStatus chainValidation() {
        return chainValidation;
    }

    /** Why no set was added. */
    public Optional<String> notSealedReason() {
        return notSealed;
    }
}
