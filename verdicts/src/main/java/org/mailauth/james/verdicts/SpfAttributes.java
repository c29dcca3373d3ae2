package org.mailauth.james.verdicts;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailauth.dns.IpLiteral;
import org.mailauth.spf.SpfResult;

/**
 * An {@link SpfResult} kept on a Mail: {@code org.mailauth.spf.result} (the result keyword, for James's
 * {@code HasMailAttributeWithValue} matcher) and {@code org.mailauth.spf} (a map of every field). Plain
 * String and Integer values only, so the attributes survive James's mail queues.
 */
public final class SpfAttributes {

    public static final AttributeName RESULT = AttributeName.of("org.mailauth.spf.result");
    public static final AttributeName DETAILS = AttributeName.of("org.mailauth.spf");

    private SpfAttributes() {
    }

    public static void write(Mail mail, SpfResult result) {
        Map<String, AttributeValue<?>> details = new HashMap<>();
        details.put("result", AttributeValue.of(result.code().keyword()));
        details.put("identity", AttributeValue.of(result.identity().keyword()));
        details.put("sender", AttributeValue.of(result.sender()));
        details.put("domain", AttributeValue.of(result.domain()));
        details.put("clientIp", AttributeValue.of(IpLiteral.format(result.clientIp())));
        details.put("helo", AttributeValue.of(result.helo()));
        result.explanation().ifPresent(text -> details.put("explanation", AttributeValue.of(text)));
        result.mechanism().ifPresent(text -> details.put("mechanism", AttributeValue.of(text)));
        result.problem().ifPresent(text -> details.put("problem", AttributeValue.of(text)));
        details.put("lookups", AttributeValue.of(result.lookups()));
        details.put("voidLookups", AttributeValue.of(result.voidLookups()));
        mail.setAttribute(new Attribute(RESULT, AttributeValue.of(result.code().keyword())));
        mail.setAttribute(new Attribute(DETAILS, AttributeValue.of(details)));
    }

    /** The result kept on {@code mail}, if any; empty as well when what is kept cannot be read. */
    public static Optional<SpfResult> read(Mail mail) {
        return mail.getAttribute(DETAILS)
            .map(attribute -> attribute.getValue().value())
            .filter(Map.class::isInstance)
            .flatMap(value -> fromMap((Map<?, ?>) value));
    }

    private static Optional<SpfResult> fromMap(Map<?, ?> details) {
        Optional<SpfResult.Code> code = text(details, "result").flatMap(SpfResult.Code::ofKeyword);
        Optional<SpfResult.Identity> identity = text(details, "identity")
            .map(keyword -> keyword.equals("helo") ? SpfResult.Identity.HELO : SpfResult.Identity.MAILFROM);
        Optional<java.net.InetAddress> ip = text(details, "clientIp").flatMap(IpLiteral::parse);
        if (code.isEmpty() || identity.isEmpty() || ip.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SpfResult(code.get(), identity.get(), text(details, "sender").orElse(""),
            text(details, "domain").orElse(""), ip.get(), text(details, "helo").orElse(""),
            text(details, "explanation"), text(details, "mechanism"), text(details, "problem"),
            number(details, "lookups"), number(details, "voidLookups")));
    }

    private static Optional<String> text(Map<?, ?> details, String key) {
        Object value = details.get(key);
        Object raw = value instanceof AttributeValue ? ((AttributeValue<?>) value).value() : value;
        return raw instanceof String ? Optional.of((String) raw) : Optional.empty();
    }

    private static int number(Map<?, ?> details, String key) {
        Object value = details.get(key);
        Object raw = value instanceof AttributeValue ? ((AttributeValue<?>) value).value() : value;
        return raw instanceof Number ? ((Number) raw).intValue() : 0;
    }
}
