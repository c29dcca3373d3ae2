package org.mailauth.arc;

/** One ARC Set (RFC 8617 §4.2): the AAR, AMS and AS of one instance. */
public final class ArcSet {

    private final ArcAuthenticationResults results;
    private final ArcMessageSignature messageSignature;
    private final ArcSeal seal;

    ArcSet(ArcAuthenticationResults results, ArcMessageSignature messageSignature, ArcSeal seal) {
        this.results = results;
        this.messageSignature = messageSignature;
        this.seal = seal;
    }

    public int instance() {
        return seal.instance();
    }

    public ArcAuthenticationResults authenticationResults() {
        return results;
    }

    public ArcMessageSignature messageSignature() {
        return messageSignature;
    }

    public ArcSeal seal() {
        return seal;
    }
}
