package org.mailauth.dmarc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dns.DnsResolver;

/**
 * The Organizational Domain of a domain (RFC 9989 §3.2.14): by the DNS Tree Walk (§4.10.2), or, in RFC 7489
 * mode, by the Public Suffix List (RFC 7489 §3.2). Empty when DNS failed and it could not be decided.
 */
interface OrganizationalDomains {

    CompletionStage<Optional<String>> of(String domain);

    static OrganizationalDomains byTreeWalk(DnsResolver dns, DmarcMode mode) {
        TreeWalk walk = new TreeWalk(dns, mode);
        return domain -> walk.walk(TreeWalk.targets(domain)).thenApply(outcome -> outcome.temporaryFailure.isPresent()
            ? Optional.<String>empty() : Optional.of(TreeWalk.organizationalDomain(domain, outcome.found)));
    }

    static OrganizationalDomains byPublicSuffixList(PublicSuffixList list) {
        return domain -> CompletableFuture.completedFuture(Optional.of(list.organizationalDomain(domain)));
    }
}
