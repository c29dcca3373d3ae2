package org.mailauth.james.verdicts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;

/**
 * A {@link DkimVerification} kept on a Mail: {@code org.mailauth.dkim.result} (the message's verdict keyword)
 * and {@code org.mailauth.dkim} (a map with the verdict and a list of per-signature maps: d, s, a, i, result,
 * reason, keyBits, testing, b), plain values that survive James's mail queues.
 */
public final class DkimAttributes {

    public static final AttributeName RESULT = AttributeName.of("org.mailauth.dkim.result");
    public static final AttributeName DETAILS = AttributeName.of("org.mailauth.dkim");

    private DkimAttributes() {
    }

    public static void write(Mail mail, DkimVerification verification) {
        List<AttributeValue<?>> signatures = new ArrayList<>();
        for (DkimSignatureResult signature : verification.signatures()) {
            Map<String, AttributeValue<?>> fields = new HashMap<>();
            fields.put("result", AttributeValue.of(signature.result().keyword()));
            signature.reason().ifPresent(reason -> fields.put("reason", AttributeValue.of(reason)));
            fields.put("d", AttributeValue.of(signature.domain()));
            fields.put("s", AttributeValue.of(signature.selector()));
            fields.put("a", AttributeValue.of(signature.algorithm()));
            signature.identity().ifPresent(identity -> fields.put("i", AttributeValue.of(identity)));
            signature.keyBits().ifPresent(bits -> fields.put("keyBits", AttributeValue.of(bits)));
            fields.put("testing", AttributeValue.of(signature.testing()));
            fields.put("b", AttributeValue.of(signature.signaturePrefix()));
            signatures.add(AttributeValue.of(fields));
        }
        Map<String, AttributeValue<?>> details = new HashMap<>();
        details.put("verdict", AttributeValue.of(verification.verdict().keyword()));
        details.put("signatures", AttributeValue.of(signatures));
        mail.setAttribute(new Attribute(RESULT, AttributeValue.of(verification.verdict().keyword())));
        mail.setAttribute(new Attribute(DETAILS, AttributeValue.of(details)));
    }

    /** The verification kept on {@code mail}, if any and readable. */
    public static Optional<DkimVerification> read(Mail mail) {
        Optional<Object> details = mail.getAttribute(DETAILS).map(attribute -> attribute.getValue().value());
        if (details.isEmpty() || !(details.get() instanceof Map)) {
            return Optional.empty();
        }
        Object signatures = raw(((Map<?, ?>) details.get()).get("signatures"));
        if (!(signatures instanceof Collection)) {
            return Optional.empty();
        }
        List<DkimSignatureResult> results = new ArrayList<>();
        for (Object item : (Collection<?>) signatures) {
            Object fields = raw(item);
            if (!(fields instanceof Map)) {
                return Optional.empty();
            }
            Optional<DkimSignatureResult> signature = signature((Map<?, ?>) fields);
            if (signature.isEmpty()) {
                return Optional.empty();
            }
            results.add(signature.get());
        }
        return Optional.of(new DkimVerification(results));
    }

    private static Optional<DkimSignatureResult> signature(Map<?, ?> fields) {
        Optional<DkimResult> result = text(fields, "result").flatMap(DkimResult::ofKeyword);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        Object bits = raw(fields.get("keyBits"));
        return Optional.of(new DkimSignatureResult(result.get(), text(fields, "reason"), text(fields, "d").orElse(""),
            text(fields, "s").orElse(""), text(fields, "a").orElse(""), text(fields, "i"),
            bits instanceof Number ? OptionalInt.of(((Number) bits).intValue()) : OptionalInt.empty(),
            Boolean.TRUE.equals(raw(fields.get("testing"))), text(fields, "b").orElse("")));
    }

    private static Optional<String> text(Map<?, ?> fields, String key) {
        Object value = raw(fields.get(key));
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    private static Object raw(Object value) {
        return value instanceof AttributeValue ? ((AttributeValue<?>) value).value() : value;
    }
}
