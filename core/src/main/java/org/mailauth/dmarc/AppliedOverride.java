package org.mailauth.dmarc;

import java.util.Objects;
import java.util.Optional;

/**
 * An override of the domain's policy with its reason type and a comment (RFC 9990 §3.1.6), and the ARC sealer whose
 * recorded results made it, when one did (RFC 8617 §7.2.1).
 */
public final class AppliedOverride {

    private final OverrideReason reason;
    private final String comment;
    private final Optional<String> arcSealer;

    public AppliedOverride(OverrideReason reason, String comment) {
        this(reason, comment, Optional.empty());
    }

    public AppliedOverride(OverrideReason reason, String comment, Optional<String> arcSealer) {
        this.reason = Objects.requireNonNull(reason);
        this.comment = Objects.requireNonNull(comment);
        this.arcSealer = Objects.requireNonNull(arcSealer);
    }

    /**
     * A trusted ARC sealer vouched for the message: the receiver's list of trusted forwarders, and the chain as the
     * evidence linking the message to one, is what RFC 9990 §3.1.6 names {@code trusted_forwarder}.
     */
    static AppliedOverride arcSealer(SealerClaim claim) {
        return new AppliedOverride(OverrideReason.TRUSTED_FORWARDER, "arc=pass; " + claim, Optional.of(claim.sealer()));
    }

    public OverrideReason reason() {
        return reason;
    }

    public String comment() {
        return comment;
    }

    /** The d= of the trusted ARC-Seal whose results overrode the policy. */
    public Optional<String> arcSealer() {
        return arcSealer;
    }

    /** As Authentication-Results gives it: the reason type, and the ARC sealer when there is one. */
    public String summary() {
        return reason.value() + arcSealer.map(sealer -> " (arc=pass, trusted sealer " + sealer + ")").orElse("");
    }

    @Override
    public String toString() {
        return reason.value() + " (" + comment + ")";
    }
}
