package org.mailauth.dmarc;

import java.util.Optional;

/**
 * What Policy Discovery found for an Author Domain (RFC 9989 §4.10.1): the record and the domain it was published
 * at (the DMARC Policy Domain, §3.2.5), the policy that applies ({@code p}, {@code sp} or {@code np}), and the
 * Author Domain's Organizational Domain; or that no record applies; or that DNS failed.
 */
public final class DiscoveredPolicy {

    /** How discovery ended. */
    public enum Outcome { FOUND, NONE, TEMPORARY_FAILURE }

    private final Outcome outcome;
    private final String authorDomain;
    private final Optional<DmarcRecord> record;
    private final Optional<String> policyDomain;
    private final Optional<Policy> policy;
    private final Optional<String> organizationalDomain;
    private final boolean nonExistentAuthorDomain;
    private final Optional<String> problem;

    /** As discovery finds it, or as read back from where it was kept. */
    public DiscoveredPolicy(Outcome outcome, String authorDomain, Optional<DmarcRecord> record, Optional<String> policyDomain,
                             Optional<Policy> policy, Optional<String> organizationalDomain, boolean nonExistentAuthorDomain,
                             Optional<String> problem) {
        this.outcome = outcome;
        this.authorDomain = authorDomain;
        this.record = record;
        this.policyDomain = policyDomain;
        this.policy = policy;
        this.organizationalDomain = organizationalDomain;
        this.nonExistentAuthorDomain = nonExistentAuthorDomain;
        this.problem = problem;
    }

    /** A record applies; a record that applies no DMARC (§4.10.1: no valid p and no valid rua) is {@link #none}. */
    static DiscoveredPolicy found(String author, DmarcRecord record, String policyDomain, Policy policy, Optional<String> organizational) {
        if (!record.appliesDmarc()) {
            return new DiscoveredPolicy(Outcome.NONE, author, Optional.of(record), Optional.of(policyDomain), Optional.empty(),
                organizational, false, Optional.of("the record at _dmarc." + policyDomain + " has no valid p= and no valid rua="));
        }
        return new DiscoveredPolicy(Outcome.FOUND, author, Optional.of(record), Optional.of(policyDomain), Optional.of(policy),
            organizational, false, Optional.empty());
    }

    static DiscoveredPolicy none(String author, Optional<String> organizational) {
        return new DiscoveredPolicy(Outcome.NONE, author, Optional.empty(), Optional.empty(), Optional.empty(), organizational, false,
            Optional.of("no DMARC record for " + author));
    }

    static DiscoveredPolicy temporaryFailure(String author, String problem) {
        return new DiscoveredPolicy(Outcome.TEMPORARY_FAILURE, author, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.of(problem));
    }

    DiscoveredPolicy withNonExistentAuthorDomain(boolean nonExistent) {
        return new DiscoveredPolicy(outcome, authorDomain, record, policyDomain, policy, organizationalDomain, nonExistent, problem);
    }

    public Outcome outcome() {
        return outcome;
    }

    public String authorDomain() {
        return authorDomain;
    }

    public Optional<DmarcRecord> record() {
        return record;
    }

    /** Where the applied record was published (§3.2.5). */
    public Optional<String> policyDomain() {
        return policyDomain;
    }

    /** The policy that applies to the Author Domain: p, sp or np of the record. */
    public Optional<Policy> policy() {
        return policy;
    }

    /** The Author Domain's Organizational Domain; empty when DNS failed before it was known. */
    public Optional<String> organizationalDomain() {
        return organizationalDomain;
    }

    /** Whether the Author Domain answered NXDOMAIN, so that np applied. */
    public boolean nonExistentAuthorDomain() {
        return nonExistentAuthorDomain;
    }

    /** Why there is no record, or what failed. */
    public Optional<String> problem() {
        return problem;
    }

    @Override
    public String toString() {
        return outcome + " " + authorDomain + policyDomain.map(domain -> " at " + domain).orElse("") + policy.map(p -> " p=" + p.value())
            .orElse("") + problem.map(text -> " (" + text + ")").orElse("");
    }
}
