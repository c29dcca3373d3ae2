package org.mailauth.dmarc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dmarc.DmarcRecord.PublicSuffixFlag;
import org.mailauth.dns.DnsResolver;

/**
 * DMARC Policy Discovery (RFC 9989 §4.10.1): the record at the Author Domain; else the one of its Organizational
 * Domain; else the one of its Public Suffix Domain, found by one DNS Tree Walk, which also gives the Author
 * Domain's Organizational Domain. In RFC 7489 mode (§6.6.3 there): the Author Domain, then its Organizational
 * Domain by the Public Suffix List.
 *
 * <p>Which policy applies (§4.10.1, §4.7): {@code p} when the record is the Author Domain's own; for a subdomain,
 * {@code sp}, or {@code np} when the Author Domain does not exist (NXDOMAIN, RFC 8020), asked only when the two
 * differ.
 */
public final class PolicyDiscovery {

    private final DnsResolver dns;
    private final DmarcMode mode;
    private final PublicSuffixList publicSuffixList;
    private final TreeWalk walk;

    public PolicyDiscovery(DnsResolver dns, DmarcMode mode, PublicSuffixList publicSuffixList) {
        this.dns = dns;
        this.mode = mode;
        this.publicSuffixList = publicSuffixList;
        this.walk = new TreeWalk(dns, mode);
    }

    public CompletionStage<DiscoveredPolicy> discover(String authorDomain) {
        return mode == DmarcMode.RFC9989 ? byTreeWalk(authorDomain) : byPublicSuffixList(authorDomain);
    }

    private CompletionStage<DiscoveredPolicy> byTreeWalk(String author) {
        return walk.walk(TreeWalk.targets(author)).thenCompose(outcome -> {
            Optional<TreeWalk.Found> own = outcome.at(author);
            Optional<String> organizational = outcome.temporaryFailure.isPresent()
                ? Optional.empty() : Optional.of(TreeWalk.organizationalDomain(author, outcome.found));
            if (own.isPresent()) {
                return CompletableFuture.completedFuture(DiscoveredPolicy.found(author, own.get().record, author,
                    own.get().record.policy(), organizational));
            }
            if (outcome.temporaryFailure.isPresent()) {
                return CompletableFuture.completedFuture(DiscoveredPolicy.temporaryFailure(author, outcome.temporaryFailure.get()));
            }
            Optional<TreeWalk.Found> chosen = outcome.at(organizational.get());
            if (chosen.isEmpty()) {
                chosen = outcome.found.stream().filter(item -> item.record.publicSuffix() == PublicSuffixFlag.YES).findFirst();
            }
            if (chosen.isEmpty()) {
                return CompletableFuture.completedFuture(DiscoveredPolicy.none(author, organizational));
            }
            return forSubdomain(author, chosen.get().domain, chosen.get().record, organizational);
        });
    }

    private CompletionStage<DiscoveredPolicy> byPublicSuffixList(String author) {
        String organizational = publicSuffixList.organizationalDomain(author);
        return walk.walk(java.util.List.of(author)).thenCompose(own -> {
            if (own.temporaryFailure.isPresent()) {
                return CompletableFuture.completedFuture(DiscoveredPolicy.temporaryFailure(author, own.temporaryFailure.get()));
            }
            if (!own.found.isEmpty()) {
                return CompletableFuture.completedFuture(DiscoveredPolicy.found(author, own.found.get(0).record, author,
                    own.found.get(0).record.policy(), Optional.of(organizational)));
            }
            if (organizational.equals(author)) {
                return CompletableFuture.completedFuture(DiscoveredPolicy.none(author, Optional.of(organizational)));
            }
            return walk.walk(java.util.List.of(organizational)).thenApply(org -> {
                if (org.temporaryFailure.isPresent()) {
                    return DiscoveredPolicy.temporaryFailure(author, org.temporaryFailure.get());
                }
                if (org.found.isEmpty()) {
                    return DiscoveredPolicy.none(author, Optional.of(organizational));
                }
                DmarcRecord record = org.found.get(0).record;
                return DiscoveredPolicy.found(author, record, organizational, record.subdomainPolicy(), Optional.of(organizational));
            });
        });
    }

    /** The record of an ancestor applies to the Author Domain: sp, or np when the Author Domain does not exist. */
    private CompletionStage<DiscoveredPolicy> forSubdomain(String author, String policyDomain, DmarcRecord record,
                                                           Optional<String> organizational) {
        if (record.nonExistentSubdomainPolicy() == record.subdomainPolicy()) {
            return CompletableFuture.completedFuture(DiscoveredPolicy.found(author, record, policyDomain, record.subdomainPolicy(),
                organizational));
        }
        return dns.a(author).thenApply(answer -> {
            if (answer.isTemporaryFailure()) {
                return DiscoveredPolicy.temporaryFailure(author, "existence of " + author + ": " + answer.detail());
            }
            boolean exists = answer.kind() != org.mailauth.dns.DnsAnswer.Kind.NXDOMAIN;
            return DiscoveredPolicy.found(author, record, policyDomain,
                exists ? record.subdomainPolicy() : record.nonExistentSubdomainPolicy(), organizational)
                .withNonExistentAuthorDomain(!exists);
        });
    }
}
