package org.mailauth.james.verdicts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailauth.dmarc.AppliedOverride;
import org.mailauth.dmarc.DiscoveredPolicy;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcRecord;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.IdentifierAlignment;
import org.mailauth.dmarc.OverrideReason;
import org.mailauth.dmarc.Policy;

/**
 * A {@link DmarcResult} kept on a Mail: {@code org.mailauth.dmarc.result} (pass, fail, ...),
 * {@code org.mailauth.dmarc.disposition} (none, quarantine, reject) and {@code org.mailauth.dmarc} (a map with
 * everything else: Author Domains, the record as published and the mode it was read in, policy domain, policy,
 * Organizational Domain, the identifiers with their alignment, overrides, problem). Plain values that survive
 * James's mail queues, and what the report collection reads.
 */
public final class DmarcAttributes {

    public static final AttributeName RESULT = AttributeName.of("org.mailauth.dmarc.result");
    public static final AttributeName DISPOSITION = AttributeName.of("org.mailauth.dmarc.disposition");
    public static final AttributeName DETAILS = AttributeName.of("org.mailauth.dmarc");

    private DmarcAttributes() {
    }

    public static void write(Mail mail, DmarcResult result, DmarcMode mode) {
        Map<String, AttributeValue<?>> details = new HashMap<>();
        details.put("result", AttributeValue.of(result.code().keyword()));
        details.put("mode", AttributeValue.of(mode.name()));
        details.put("authorDomains", AttributeValue.of(values(result.authorDomains())));
        result.authorDomain().ifPresent(domain -> details.put("authorDomain", AttributeValue.of(domain)));
        result.record().ifPresent(record -> details.put("record", AttributeValue.of(record.text())));
        result.policyDomain().ifPresent(domain -> details.put("policyDomain", AttributeValue.of(domain)));
        result.policy().ifPresent(policy -> details.put("policy", AttributeValue.of(policy.value())));
        result.organizationalDomain().ifPresent(domain -> details.put("organizationalDomain", AttributeValue.of(domain)));
        details.put("nonExistentAuthorDomain", AttributeValue.of("np".equals(result.policyTag().orElse(""))));
        details.put("disposition", AttributeValue.of(result.disposition().value()));
        List<AttributeValue<?>> identifiers = new ArrayList<>();
        for (IdentifierAlignment identifier : result.identifiers()) {
            Map<String, AttributeValue<?>> fields = new HashMap<>();
            fields.put("method", AttributeValue.of(identifier.method()));
            fields.put("domain", AttributeValue.of(identifier.domain()));
            identifier.selector().ifPresent(selector -> fields.put("selector", AttributeValue.of(selector)));
            fields.put("result", AttributeValue.of(identifier.result()));
            fields.put("aligned", AttributeValue.of(identifier.aligned().name()));
            identifiers.add(AttributeValue.of(fields));
        }
        details.put("identifiers", AttributeValue.of(identifiers));
        List<AttributeValue<?>> overrides = new ArrayList<>();
        for (AppliedOverride override : result.overrides()) {
            Map<String, AttributeValue<?>> fields = new HashMap<>();
            fields.put("reason", AttributeValue.of(override.reason().value()));
            fields.put("comment", AttributeValue.of(override.comment()));
            override.arcSealer().ifPresent(sealer -> fields.put("arcSealer", AttributeValue.of(sealer)));
            overrides.add(AttributeValue.of(fields));
        }
        details.put("overrides", AttributeValue.of(overrides));
        result.problem().ifPresent(problem -> details.put("problem", AttributeValue.of(problem)));
        mail.setAttribute(new Attribute(RESULT, AttributeValue.of(result.code().keyword())));
        mail.setAttribute(new Attribute(DISPOSITION, AttributeValue.of(result.disposition().value())));
        mail.setAttribute(new Attribute(DETAILS, AttributeValue.of(details)));
    }

    private static List<AttributeValue<?>> values(List<String> texts) {
        List<AttributeValue<?>> values = new ArrayList<>();
        texts.forEach(text -> values.add(AttributeValue.of(text)));
        return values;
    }

    /** The result kept on {@code mail}, if any and readable. */
    public static Optional<DmarcResult> read(Mail mail) {
        Optional<Object> value = mail.getAttribute(DETAILS).map(attribute -> attribute.getValue().value());
        if (value.isEmpty() || !(value.get() instanceof Map)) {
            return Optional.empty();
        }
        Map<?, ?> details = (Map<?, ?>) value.get();
        Optional<DmarcResult.Code> code = text(details, "result").flatMap(DmarcAttributes::code);
        Optional<Policy> disposition = text(details, "disposition").flatMap(DmarcAttributes::policy);
        Optional<DmarcMode> mode = text(details, "mode").flatMap(DmarcAttributes::mode);
        if (code.isEmpty() || disposition.isEmpty() || mode.isEmpty()) {
            return Optional.empty();
        }
        List<String> authorDomains = texts(details.get("authorDomains"));
        Optional<DiscoveredPolicy> discovery = text(details, "authorDomain").map(author -> {
            Optional<DmarcRecord> record = text(details, "record").flatMap(text -> DmarcRecord.parse(text, mode.get()));
            Optional<Policy> policy = text(details, "policy").flatMap(DmarcAttributes::policy);
            DiscoveredPolicy.Outcome outcome = code.get() == DmarcResult.Code.TEMPERROR && record.isEmpty()
                ? DiscoveredPolicy.Outcome.TEMPORARY_FAILURE
                : policy.isPresent() ? DiscoveredPolicy.Outcome.FOUND : DiscoveredPolicy.Outcome.NONE;
            return new DiscoveredPolicy(outcome, author, record, text(details, "policyDomain"), policy,
                text(details, "organizationalDomain"), Boolean.TRUE.equals(raw(details.get("nonExistentAuthorDomain"))),
                text(details, "problem"));
        });
        List<IdentifierAlignment> identifiers = new ArrayList<>();
        for (Map<?, ?> fields : maps(details.get("identifiers"))) {
            Optional<IdentifierAlignment.Aligned> aligned = text(fields, "aligned").flatMap(DmarcAttributes::aligned);
            if (aligned.isEmpty()) {
                return Optional.empty();
            }
            identifiers.add(new IdentifierAlignment(text(fields, "method").orElse(""), text(fields, "domain").orElse(""),
                text(fields, "selector"), text(fields, "result").orElse(""), aligned.get()));
        }
        List<AppliedOverride> overrides = new ArrayList<>();
        for (Map<?, ?> fields : maps(details.get("overrides"))) {
            Optional<OverrideReason> reason = text(fields, "reason").flatMap(DmarcAttributes::reason);
            if (reason.isEmpty()) {
                return Optional.empty();
            }
            overrides.add(new AppliedOverride(reason.get(), text(fields, "comment").orElse(""), text(fields, "arcSealer")));
        }
        return Optional.of(new DmarcResult(code.get(), authorDomains, discovery, identifiers, disposition.get(), overrides,
            text(details, "problem")));
    }

    private static Optional<DmarcResult.Code> code(String keyword) {
        return enumOf(DmarcResult.Code.class, keyword);
    }

    private static Optional<Policy> policy(String keyword) {
        return enumOf(Policy.class, keyword);
    }

    private static Optional<DmarcMode> mode(String name) {
        return enumOf(DmarcMode.class, name);
    }

    private static Optional<IdentifierAlignment.Aligned> aligned(String name) {
        return enumOf(IdentifierAlignment.Aligned.class, name);
    }

    private static Optional<OverrideReason> reason(String keyword) {
        return enumOf(OverrideReason.class, keyword);
    }

    private static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, String name) {
        try {
            return Optional.of(Enum.valueOf(type, name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        Object list = raw(value);
        if (list instanceof Collection) {
            for (Object item : (Collection<?>) list) {
                Object text = raw(item);
                if (text instanceof String) {
                    texts.add((String) text);
                }
            }
        }
        return texts;
    }

    private static List<Map<?, ?>> maps(Object value) {
        List<Map<?, ?>> maps = new ArrayList<>();
        Object list = raw(value);
        if (list instanceof Collection) {
            for (Object item : (Collection<?>) list) {
                Object map = raw(item);
                if (map instanceof Map) {
                    maps.add((Map<?, ?>) map);
                }
            }
        }
        return maps;
    }

    private static Optional<String> text(Map<?, ?> fields, String key) {
        Object value = raw(fields.get(key));
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    private static Object raw(Object value) {
        return value instanceof AttributeValue ? ((AttributeValue<?>) value).value() : value;
    }
}
