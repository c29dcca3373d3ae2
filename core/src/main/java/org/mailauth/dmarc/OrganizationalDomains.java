package org.mailauth.dmarc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dns.DnsResolver;

/**
 * The Organizational Domain of a domain (RFC 9989 §3.2.14): by the DNS Tree Walk (§4.10.2), or, in RFC 7489
 * mode, by the Public Suffix List (RFC 7489 §3.2). Empty when DNS failed and it could not be decided.
 */
public interface OrganizationalDomains {

    CompletionStage<Optional<String>> of(String domain);

    /** As the settings' mode determines them: the DNS Tree Walk, or the Public Suffix List in RFC 7489 mode. */
    static OrganizationalDomains of(DnsResolver dns, DmarcSettings settings) {
        return settings.mode() == DmarcMode.RFC9989
            ? byTreeWalk(dns, settings.mode())
            : byPublicSuffixList(settings.publicSuffixList());
    }

    static OrganizationalDomains byTreeWalk(DnsResolver dns, DmarcMode mode) {
        TreeWalk walk = new TreeWalk(dns, mode);
        return domain -> walk.walk(TreeWalk.targets(domain)).thenApply(outcome -> outcome.temporaryFailure.isPresent()
            ? Optional.<String>empty() : Optional.of(TreeWalk.organizationalDomain(domain, outcome.found)));
    }

    static OrganizationalDomains byPublicSuffixList(PublicSuffixList list) {
        return domain -> CompletableFuture.completedFuture(Optional.of(list.organizationalDomain(domain)));
    }
}
