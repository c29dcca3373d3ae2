package org.mailauth.dkim;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import org.mailauth.message.HeaderField;
import org.mailauth.results.FieldText;

/**
 * A parsed DKIM-Signature field (RFC 6376 §3.5): every tag checked as §6.1.1 asks, with the field it came
 * from so the header hash can be computed over it with its b= value emptied.
 */
public final class DkimSignature {

    private final HeaderField field;
    private final DkimAlgorithm algorithm;
    private final byte[] signature;
    private final byte[] bodyHash;
    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;
    private final String domain;
    private final String selector;
    private final List<String> signedHeaders;
    private final String identity;
    private final Optional<String> identityTag;
    private final OptionalLong bodyLength;
    private final OptionalLong timestamp;
    private final OptionalLong expiration;
    private final String signatureText;

    private DkimSignature(HeaderField field, TagList tags) throws DkimSyntaxException {
        this.field = field;
        String version = tags.required("v");
        if (!version.equals("1")) {
            throw new DkimSyntaxException("unsupported version v=" + FieldText.quote(version) + " (§3.5)");
        }
        String a = tags.required("a");
        this.algorithm = DkimAlgorithm.of(a).orElseThrow(() -> new DkimSyntaxException("unknown algorithm a=" + FieldText.quote(a)));
        this.signatureText = TagList.withoutWhitespace(tags.required("b"));
        this.signature = base64(signatureText, "b");
        this.bodyHash = base64(TagList.withoutWhitespace(tags.required("bh")), "bh");
        String[] canonicalizations = tags.get("c").orElse("simple/simple").split("/", -1);
        if (canonicalizations.length > 2) {
            throw new DkimSyntaxException("invalid c=" + FieldText.quote(tags.get("c").orElse("")));
        }
        this.headerCanonicalization = Canonicalization.of(canonicalizations[0].trim());
        this.bodyCanonicalization = canonicalizations.length == 2
            ? Canonicalization.of(canonicalizations[1].trim()) : Canonicalization.SIMPLE;
        this.domain = stripDot(tags.required("d")).toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            throw new DkimSyntaxException("empty d=");
        }
        this.selector = stripDot(tags.required("s"));
        if (selector.isEmpty()) {
            throw new DkimSyntaxException("empty s=");
        }
        this.signedHeaders = headerList(tags.required("h"));
        if (signedHeaders.stream().noneMatch(name -> name.equalsIgnoreCase("from"))) {
            throw new DkimSyntaxException("h= does not include From (§5.4, §6.1.1)");
        }
        this.identityTag = tags.get("i");
        this.identity = identityTag.orElse("@" + domain);
        int at = identity.lastIndexOf('@');
        if (at < 0) {
            throw new DkimSyntaxException("i=" + FieldText.quote(identity) + " has no '@'");
        }
        String identityDomain = stripDot(identity.substring(at + 1)).toLowerCase(Locale.ROOT);
        if (!identityDomain.equals(domain) && !identityDomain.endsWith("." + domain)) {
            throw new DkimSyntaxException("i=" + FieldText.quote(identity) + " is not within d=" + FieldText.quote(domain) + " (§6.1.1)");
        }
        String query = tags.get("q").orElse("dns/txt");
        if (!query.equalsIgnoreCase("dns/txt") && !query.equalsIgnoreCase("dns")) {
            throw new DkimSyntaxException("unsupported query method q=" + FieldText.quote(query));
        }
        this.bodyLength = number(tags, "l");
        this.timestamp = number(tags, "t");
        this.expiration = number(tags, "x");
        if (timestamp.isPresent() && expiration.isPresent() && expiration.getAsLong() <= timestamp.getAsLong()) {
            throw new DkimSyntaxException("x= is not after t= (§3.5)");
        }
    }

    /** @throws DkimSyntaxException with the reason the signature is a permerror */
    public static DkimSignature parse(HeaderField field) throws DkimSyntaxException {
        return new DkimSignature(field, TagList.parse(field.value()));
    }

    public HeaderField field() {
        return field;
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

    /** The b= value without white space (RFC 6008 reports a prefix of it as header.b). */
    public String signatureText() {
        return signatureText;
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

    /** i=, or "@" + d= when absent. */
    public String identity() {
        return identity;
    }

    /** i= as written, when the signature has one. */
    public Optional<String> identityTag() {
        return identityTag;
    }

    public OptionalLong bodyLength() {
        return bodyLength;
    }

    public OptionalLong timestamp() {
        return timestamp;
    }

    public OptionalLong expiration() {
        return expiration;
    }

    /** Where the key is published (§3.6.2.1). */
    public String keyName() {
        return selector + "._domainkey." + domain;
    }

    /**
     * The signature field as it enters the header hash (§3.7): the field with the value of its b= tag
     * removed, everything else unchanged.
     */
    public HeaderField withoutSignatureValue() {
        return HeaderData.withoutSignatureValue(field);
    }

    private static List<String> headerList(String value) throws DkimSyntaxException {
        List<String> names = new ArrayList<>();
        for (String name : value.split(":", -1)) {
            String trimmed = TagList.withoutWhitespace(name);
            if (trimmed.isEmpty()) {
                throw new DkimSyntaxException("empty header name in h=");
            }
            names.add(trimmed);
        }
        return List.copyOf(names);
    }

    private static byte[] base64(String value, String tag) throws DkimSyntaxException {
        if (value.isEmpty()) {
            throw new DkimSyntaxException("empty " + tag + "=");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new DkimSyntaxException(tag + "= is not base64");
        }
    }

    private static OptionalLong number(TagList tags, String name) throws DkimSyntaxException {
        Optional<String> value = tags.get(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String digits = value.get();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DkimSyntaxException(name + "=" + digits + " is not a number");
        }
        if (digits.length() > 18) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return "d=" + domain + " s=" + selector + " a=" + algorithm.tagValue();
    }
}
