package org.mailauth.arc;

import java.util.OptionalLong;

import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.message.HeaderField;
import org.mailauth.results.FieldText;

/**
 * An ARC-Seal field (RFC 8617 §4.1.3): the tags i=, a=, b=, cv=, d=, s= and t=; an {@code h=} tag makes it invalid. It
 * signs the ARC Sets up to its own with relaxed header canonicalization (§5.1.1).
 */
public final class ArcSeal {

    public static final String NAME = "ARC-Seal";

    private final HeaderField field;
    private final int instance;
    private final DkimAlgorithm algorithm;
    private final byte[] signature;
    private final ChainValidationStatus chainValidation;
    private final String domain;
    private final String selector;
    private final OptionalLong timestamp;

    private ArcSeal(HeaderField field, SignatureTags tags) throws ArcSyntaxException {
        this.field = field;
        this.instance = tags.instance();
        if (tags.has("h")) {
            throw new ArcSyntaxException(NAME + " i=" + instance + " has an h= tag, which a seal must not have (RFC 8617 §4.1.3)");
        }
        this.algorithm = tags.algorithm();
        this.signature = tags.base64("b");
        String cv = tags.required("cv");
        this.chainValidation = ChainValidationStatus.ofKeyword(cv)
            .orElseThrow(() -> new ArcSyntaxException(NAME + " i=" + instance + ": invalid cv=" + FieldText.quote(cv) + " (RFC 8617 §4.4)"));
        this.domain = tags.domain();
        this.selector = tags.selector();
        this.timestamp = tags.number("t");
    }

    /** @throws ArcSyntaxException with the reason the field cannot be used */
    public static ArcSeal parse(HeaderField field) throws ArcSyntaxException {
        return of(field, SignatureTags.parse(NAME, field.value()));
    }

    /** The seal of {@code field}, whose tag-list {@code tags} is. */
    static ArcSeal of(HeaderField field, SignatureTags tags) throws ArcSyntaxException {
        return new ArcSeal(field, tags);
    }

    public HeaderField field() {
        return field;
    }

    public int instance() {
        return instance;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    /** b=, decoded. */
    public byte[] signature() {
        return signature.clone();
    }

    /** cv=: the chain's status as this sealer found it. */
    public ChainValidationStatus chainValidation() {
        return chainValidation;
    }

    /** d=, lower case. */
    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    public OptionalLong timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return NAME + " i=" + instance + " d=" + domain + " s=" + selector + " cv=" + chainValidation.keyword();
    }
}
