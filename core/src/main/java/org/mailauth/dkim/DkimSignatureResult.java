package org.mailauth.dkim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.mailauth.message.HeaderField;
import org.mailauth.results.MethodResult;

/**
 * The verdict on one DKIM-Signature field: the result and why, and what the signature claimed (d=, s=,
 * a=, i=) as far as it could be read, the key size and whether the key is in testing mode (t=y).
 */
public final class DkimSignatureResult {

    /** RFC 6008 §2: header.b carries at least the first 8 characters of b=. */
    private static final int B_PREFIX = 8;

    private final DkimResult result;
    private final Optional<String> reason;
    private final String domain;
    private final String selector;
    private final String algorithm;
    private final Optional<String> identity;
    private final OptionalInt keyBits;
    private final boolean testing;
    private final String signaturePrefix;

    public DkimSignatureResult(DkimResult result, Optional<String> reason, String domain, String selector, String algorithm,
                               Optional<String> identity, OptionalInt keyBits, boolean testing, String signaturePrefix) {
        this.result = Objects.requireNonNull(result);
        this.reason = reason;
        this.domain = domain;
        this.selector = selector;
        this.algorithm = algorithm;
        this.identity = identity;
        this.keyBits = keyBits;
        this.testing = testing;
        this.signaturePrefix = signaturePrefix.length() > B_PREFIX ? signaturePrefix.substring(0, B_PREFIX) : signaturePrefix;
    }

    /** A permerror for a DKIM-Signature field that could not be read (RFC 6376 §6.1.1), with whatever d= s= a= i= b= it has. */
    public static DkimSignatureResult unreadable(HeaderField field, String reason) {
        Map<String, String> tags = new HashMap<>();
        try {
            TagList list = TagList.parse(field.value());
            for (String name : List.of("d", "s", "a", "i", "b")) {
                list.get(name).ifPresent(value -> tags.put(name, value));
            }
        } catch (DkimSyntaxException e) {
            // nothing readable
        }
        return new DkimSignatureResult(DkimResult.PERMERROR, Optional.of(reason), tags.getOrDefault("d", "").toLowerCase(Locale.ROOT),
            tags.getOrDefault("s", ""), tags.getOrDefault("a", ""), Optional.ofNullable(tags.get("i")), OptionalInt.empty(), false,
            TagList.withoutWhitespace(tags.getOrDefault("b", "")));
    }

    public DkimResult result() {
        return result;
    }

    public Optional<String> reason() {
        return reason;
    }

    /** d=, lower case; "" when the field could not be read that far. */
    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    /** a= as written. */
    public String algorithm() {
        return algorithm;
    }

    /** i= when the signature had one. */
    public Optional<String> identity() {
        return identity;
    }

    public OptionalInt keyBits() {
        return keyBits;
    }

    /** The key record said t=y: the signing domain is testing DKIM (RFC 6376 §3.6.1). */
    public boolean testing() {
        return testing;
    }

    /** The first characters of b=, which tell signatures apart (RFC 6008). */
    public String signaturePrefix() {
        return signaturePrefix;
    }

    /** The {@code dkim=} part of Authentication-Results (RFC 8601 §2.7.1, RFC 6008). */
    public MethodResult authenticationResult() {
        List<MethodResult.Property> properties = new ArrayList<>();
        if (!domain.isEmpty()) {
            properties.add(new MethodResult.Property("header", "d", domain));
        }
        identity.ifPresent(i -> properties.add(new MethodResult.Property("header", "i", i)));
        if (!selector.isEmpty()) {
            properties.add(new MethodResult.Property("header", "s", selector));
        }
        if (!algorithm.isEmpty()) {
            properties.add(new MethodResult.Property("header", "a", algorithm));
        }
        if (!signaturePrefix.isEmpty()) {
            properties.add(new MethodResult.Property("header", "b", signaturePrefix));
        }
        Optional<String> why = testing ? Optional.of(reason.map(text -> text + "; ").orElse("") + "key in testing mode (t=y)") : reason;
        return new MethodResult("dkim", result.keyword(), why, properties);
    }

    @Override
    public String toString() {
        return result.keyword() + " d=" + domain + " s=" + selector + " a=" + algorithm
            + reason.map(text -> " (" + text + ")").orElse("");
    }
}
