package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mailauth.results.MethodResult;

/**
 * The outcome of DMARC for one message (RFC 9989 §5.3): the result (RFC 8601 names: pass, fail, none, temperror,
 * permerror), the Author Domain, what discovery found (record, DMARC Policy Domain, Organizational Domain, the
 * policy that applies), every Authenticated Identifier with its alignment, the disposition applied after the
 * record's test mode, sampling and local policy, and the reasons for any difference.
 */
public final class DmarcResult {

    /** The DMARC result (RFC 9989 §9.2). */
    public enum Code {
        PASS, FAIL, NONE, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Code code;
    private final List<String> authorDomains;
    private final Optional<DiscoveredPolicy> discovery;
    private final List<IdentifierAlignment> identifiers;
    private final Policy disposition;
    private final List<AppliedOverride> overrides;
    private final Optional<String> problem;

    /** A result as {@link DmarcEvaluator} gives it, or as read back from where it was kept (mail attributes). */
    public DmarcResult(Code code, List<String> authorDomains, Optional<DiscoveredPolicy> discovery, List<IdentifierAlignment> identifiers,
                Policy disposition, List<AppliedOverride> overrides, Optional<String> problem) {
        this.code = code;
        this.authorDomains = List.copyOf(authorDomains);
        this.discovery = discovery;
        this.identifiers = List.copyOf(identifiers);
        this.disposition = disposition;
        this.overrides = List.copyOf(overrides);
        this.problem = problem;
    }

    public Code code() {
        return code;
    }

    /** The Author Domain this result is about (with several, the one whose result decided). */
    public Optional<String> authorDomain() {
        return discovery.map(DiscoveredPolicy::authorDomain).or(() -> authorDomains.stream().findFirst());
    }

    /** Every Author Domain of the message (RFC 9989 §11.5); empty when the From field gave none. */
    public List<String> authorDomains() {
        return authorDomains;
    }

    public Optional<DmarcRecord> record() {
        return discovery.flatMap(DiscoveredPolicy::record);
    }

    /** Where the applied record was published (RFC 9989 §3.2.5). */
    public Optional<String> policyDomain() {
        return discovery.flatMap(DiscoveredPolicy::policyDomain);
    }

    public Optional<String> organizationalDomain() {
        return discovery.flatMap(DiscoveredPolicy::organizationalDomain);
    }

    /** The domain's policy for this message: p, sp or np of the record. */
    public Optional<Policy> policy() {
        return discovery.flatMap(DiscoveredPolicy::policy);
    }

    /** Which tag gave the policy: "p", "sp" or "np". */
    public Optional<String> policyTag() {
        if (discovery.isEmpty() || discovery.get().policy().isEmpty()) {
            return Optional.empty();
        }
        if (discovery.get().policyDomain().orElse("").equals(discovery.get().authorDomain())) {
            return Optional.of("p");
        }
        return Optional.of(discovery.get().nonExistentAuthorDomain() ? "np" : "sp");
    }

    /** What the receiver does: none (deliver), quarantine or reject; always none unless the result is fail. */
    public Policy disposition() {
        return disposition;
    }

    /** Every SPF and DKIM identifier considered, with its alignment. */
    public List<IdentifierAlignment> identifiers() {
        return identifiers;
    }

    /** The alignment of the SPF identifier, when SPF authenticated one. */
    public Optional<IdentifierAlignment> spf() {
        return identifiers.stream().filter(identifier -> identifier.method().equals("spf")).findFirst();
    }

    public List<IdentifierAlignment> dkim() {
        List<IdentifierAlignment> dkim = new ArrayList<>();
        identifiers.stream().filter(identifier -> identifier.method().equals("dkim")).forEach(dkim::add);
        return dkim;
    }

    /** Why the disposition is milder than the policy (RFC 9990 §3.1.6). */
    public List<AppliedOverride> overrides() {
        return overrides;
    }

    /** What went wrong, for temperror, permerror and none. */
    public Optional<String> problem() {
        return problem;
    }

    /**
     * The {@code dmarc=} part of Authentication-Results (RFC 8601 §2.7.5 via RFC 9989 §9.1): {@code header.from}
     * and {@code policy.dmarc} (the disposition applied), with the reason for anything but pass.
     */
    public MethodResult authenticationResult() {
        List<MethodResult.Property> properties = new ArrayList<>();
        authorDomain().ifPresent(domain -> properties.add(new MethodResult.Property("header", "from", domain)));
        if (policy().isPresent()) {
            properties.add(new MethodResult.Property("policy", "dmarc", disposition.value()));
        }
        Optional<String> reason = Optional.empty();
        if (code != Code.PASS) {
            List<String> parts = new ArrayList<>();
            policy().ifPresent(policy -> parts.add(policyTag().orElse("p") + "=" + policy.value()));
            overrides.forEach(override -> parts.add(override.summary()));
            problem.ifPresent(parts::add);
            reason = parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
        }
        return new MethodResult("dmarc", code.keyword(), reason, properties);
    }

    @Override
    public String toString() {
        return code.keyword() + " " + authorDomain().orElse("-") + policy().map(p -> " " + policyTag().orElse("p") + "=" + p.value())
            .orElse("") + " disposition=" + disposition.value() + (overrides.isEmpty() ? "" : " overrides=" + overrides)
            + problem.map(text -> " problem=" + text).orElse("") + " " + identifiers;
    }
}
