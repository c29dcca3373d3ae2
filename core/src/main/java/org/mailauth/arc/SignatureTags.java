package org.mailauth.arc;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntPredicate;

import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimSyntaxException;
import org.mailauth.dkim.TagList;
import org.mailauth.results.FieldText;

/**
 * The tag-list of an ARC-Message-Signature or ARC-Seal (RFC 8617 §4.1.2, §4.1.3) and the tags both take from
 * DKIM-Signature (RFC 6376 §3.5): {@code i=} is the instance (§4.2.1), not an AUID.
 */
final class SignatureTags {

    private final String fieldName;
    private final TagList tags;

    private SignatureTags(String fieldName, TagList tags) {
        this.fieldName = fieldName;
        this.tags = tags;
    }

    static SignatureTags parse(String fieldName, String value) throws ArcSyntaxException {
        try {
            return new SignatureTags(fieldName, TagList.parse(value));
        } catch (DkimSyntaxException e) {
            throw new ArcSyntaxException(fieldName + ": " + e.getMessage());
        }
    }

    int instance() throws ArcSyntaxException {
        return InstanceTag.parse(required("i"));
    }

    /** a=; rsa-sha1 is read, and refused when verifying (RFC 8301 §3.1). */
    DkimAlgorithm algorithm() throws ArcSyntaxException {
        String a = required("a");
        return DkimAlgorithm.of(a).orElseThrow(() -> new ArcSyntaxException(fieldName + ": unknown algorithm a=" + FieldText.quote(a)));
    }

    /** The value of a base64 tag, decoded; folding white space is ignored (RFC 6376 §3.5). */
    byte[] base64(String name) throws ArcSyntaxException {
        String text = TagList.withoutWhitespace(required(name));
        if (text.isEmpty()) {
            throw new ArcSyntaxException(fieldName + ": empty " + name + "=");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ArcSyntaxException(fieldName + ": " + name + "= is not base64");
        }
    }

    /** d=, lower case, without a final dot. */
    String domain() throws ArcSyntaxException {
        String domain = stripDot(required("d")).toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || !all(domain, SignatureTags::isDomainChar)) {
            throw new ArcSyntaxException(fieldName + ": invalid d=" + FieldText.quote(domain));
        }
        return domain;
    }

    String selector() throws ArcSyntaxException {
        String selector = stripDot(required("s"));
        if (selector.isEmpty() || !all(selector, SignatureTags::isDomainChar)) {
            throw new ArcSyntaxException(fieldName + ": invalid s=" + FieldText.quote(selector));
        }
        return selector;
    }

    OptionalLong number(String name) throws ArcSyntaxException {
        Optional<String> value = tags.get(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String digits = value.get();
        if (digits.isEmpty() || digits.length() > 18 || !all(digits, InstanceTag::isDigit)) {
            throw new ArcSyntaxException(fieldName + ": " + name + "=" + FieldText.quote(digits) + " is not a number");
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    Optional<String> get(String name) {
        return tags.get(name);
    }

    boolean has(String name) {
        return tags.has(name);
    }

    String required(String name) throws ArcSyntaxException {
        return tags.get(name).orElseThrow(() -> new ArcSyntaxException(fieldName + ": required tag " + name + "= is missing"));
    }

    /** Whether every character of {@code text} passes {@code test}. */
    static boolean all(String text, IntPredicate test) {
        for (int i = 0; i < text.length(); i++) {
            if (!test.test(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Letters, digits, hyphens, dots, underscores, and the UTF-8 octets of U-labels (RFC 8617 §4.1.4). */
    private static boolean isDomainChar(int c) {
        return c >= 0x80 || Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_';
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
