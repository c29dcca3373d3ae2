package org.mailauth.james.verdicts;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ChainValidationStatus;

/**
 * An {@link ArcVerification} kept on a Mail: {@code org.mailauth.arc.result} (none, pass or fail) and
 * {@code org.mailauth.arc} (a map: result, reason, instances, oldestPass). The sets themselves stay in the message;
 * what was decided from them (a trusted sealer's DMARC override) is kept with the DMARC result.
 */
public final class ArcAttributes {

    public static final AttributeName RESULT = AttributeName.of("org.mailauth.arc.result");
    public static final AttributeName DETAILS = AttributeName.of("org.mailauth.arc");

    private ArcAttributes() {
    }

    public static void write(Mail mail, ArcVerification arc) {
        Map<String, AttributeValue<?>> details = new HashMap<>();
        details.put("result", AttributeValue.of(arc.status().keyword()));
        arc.reason().ifPresent(reason -> details.put("reason", AttributeValue.of(reason)));
        details.put("instances", AttributeValue.of(arc.instances()));
        arc.oldestPass().ifPresent(oldest -> details.put("oldestPass", AttributeValue.of(oldest)));
        mail.setAttribute(new Attribute(RESULT, AttributeValue.of(arc.status().keyword())));
        mail.setAttribute(new Attribute(DETAILS, AttributeValue.of(details)));
    }

    /** The validation kept on {@code mail}, if any; empty as well when what is kept cannot be read. */
    public static Optional<ArcVerification> read(Mail mail) {
        Optional<Object> value = mail.getAttribute(DETAILS).map(attribute -> attribute.getValue().value());
        if (value.isEmpty() || !(value.get() instanceof Map)) {
            return Optional.empty();
        }
        Map<?, ?> details = (Map<?, ?>) value.get();
        Optional<ChainValidationStatus> status = text(details, "result").flatMap(ChainValidationStatus::ofKeyword);
        Object oldest = raw(details.get("oldestPass"));
        Object instances = raw(details.get("instances"));
        return status.map(found -> ArcVerification.summary(found, text(details, "reason"),
            instances instanceof Number ? ((Number) instances).intValue() : 0,
            oldest instanceof Number ? OptionalInt.of(((Number) oldest).intValue()) : OptionalInt.empty()));
    }

    private static Optional<String> text(Map<?, ?> details, String key) {
        Object raw = raw(details.get(key));
        return raw instanceof String ? Optional.of((String) raw) : Optional.empty();
    }

    private static Object raw(Object value) {
        return value instanceof AttributeValue ? ((AttributeValue<?>) value).value() : value;
    }
}
