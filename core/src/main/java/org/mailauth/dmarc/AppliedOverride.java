package org.mailauth.dmarc;

/** An override of the domain's policy with its reason type and a comment (RFC 9990 §3.1.6). */
public final class AppliedOverride {

    private final OverrideReason reason;
    private final String comment;

    public AppliedOverride(OverrideReason reason, String comment) {
        this.reason = reason;
        this.comment = comment;
    }

    public OverrideReason reason() {
        return reason;
    }

    public String comment() {
        return comment;
    }

    @Override
    public String toString() {
        return reason.value() + " (" + comment + ")";
    }
}
