package org.mailauth.arc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimSyntaxException;
import org.mailauth.dkim.TagList;
import org.mailauth.message.HeaderField;
import org.mailauth.results.FieldText;

/**
 * An ARC-Message-Signature field (RFC 8617 §4.1.2): a DKIM-Signature (RFC 6376 §3.5) without {@code v=} (ignored when
 * present) whose {@code i=} is the instance. It signs the body and the header fields of {@code h=}. Sealers must not
 * name ARC header fields there; validators accept the AAR and AMS names that sealers of the draft era signed (the
 * ValiMail suite passes them) and refuse only ARC-Seal. Empty names in {@code h=}, and an empty {@code h=}, are
 * skipped as that suite expects: the seal, not the AMS, binds the set.
 */
public final class ArcMessageSignature {

    public static final String NAME = "ARC-Message-Signature";

    private final HeaderField field;
    private final int instance;
    private final DkimAlgorithm algorithm;
    private final byte[] signature;
    private final byte[] bodyHash;
    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;
    private final String domain;
    private final String selector;
    private final List<String> signedHeaders;
    private final OptionalLong bodyLength;
    private final OptionalLong timestamp;

    private ArcMessageSignature(HeaderField field, SignatureTags tags) throws ArcSyntaxException {
        this.field = field;
        this.instance = tags.instance();
        this.algorithm = tags.algorithm();
        this.signature = tags.base64("b");
        this.bodyHash = tags.base64("bh");
        String c = tags.get("c").orElse("simple/simple");
        String[] parts = c.split("/", -1);
        if (parts.length > 2) {
            throw new ArcSyntaxException(NAME + ": invalid c=" + FieldText.quote(c));
        }
        try {
            this.headerCanonicalization = Canonicalization.of(parts[0].trim());
            this.bodyCanonicalization = parts.length == 2 ? Canonicalization.of(parts[1].trim()) : Canonicalization.SIMPLE;
        } catch (DkimSyntaxException e) {
            throw new ArcSyntaxException(NAME + ": " + e.getMessage());
        }
        this.domain = tags.domain();
        this.selector = tags.selector();
        this.signedHeaders = headerList(tags.required("h"));
        this.bodyLength = tags.number("l");
        this.timestamp = tags.number("t");
    }

    /** @throws ArcSyntaxException with the reason the field cannot be used */
    public static ArcMessageSignature parse(HeaderField field) throws ArcSyntaxException {
        return of(field, SignatureTags.parse(NAME, field.value()));
    }

    /** The signature of {@code field}, whose tag-list {@code tags} is. */
    static ArcMessageSignature of(HeaderField field, SignatureTags tags) throws ArcSyntaxException {
        return new ArcMessageSignature(field, tags);
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

    /** bh=, decoded. */
    public byte[] bodyHash() {
        return bodyHash.clone();
    }

    public Canonicalization headerCanonicalization() {
        return headerCanonicalization;
    }

    public Canonicalization bodyCanonicalization() {
        return bodyCanonicalization;
    }

    /** d=, lower case. */
    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    /** h=, as written. */
    public List<String> signedHeaders() {
        return signedHeaders;
    }

    public OptionalLong bodyLength() {
        return bodyLength;
    }

    public OptionalLong timestamp() {
        return timestamp;
    }

    private static List<String> headerList(String value) throws ArcSyntaxException {
        List<String> names = new ArrayList<>();
        for (String name : value.split(":", -1)) {
            String trimmed = TagList.withoutWhitespace(name);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!SignatureTags.all(trimmed, c -> c > 32 && c < 127 && c != ':')) {
                throw new ArcSyntaxException(NAME + ": invalid header name " + FieldText.quote(trimmed) + " in h=");
            }
            names.add(trimmed.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return NAME + " i=" + instance + " d=" + domain + " s=" + selector;
    }
}
