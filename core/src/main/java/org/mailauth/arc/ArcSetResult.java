package org.mailauth.arc;

/** One ARC Set of a validated chain with what became of its AMS and its AS (RFC 8617 §5.2 steps 4 to 6). */
public final class ArcSetResult {

    private final ArcSet set;
    private final SignatureCheck messageSignature;
    private final SignatureCheck seal;

    ArcSetResult(ArcSet set, SignatureCheck messageSignature, SignatureCheck seal) {
        this.set = set;
        this.messageSignature = messageSignature;
        this.seal = seal;
    }

    public ArcSet set() {
        return set;
    }

    public int instance() {
        return set.instance();
    }

    public SignatureCheck messageSignature() {
        return messageSignature;
    }

    public SignatureCheck seal() {
        return seal;
    }
}
