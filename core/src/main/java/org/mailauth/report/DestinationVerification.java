package org.mailauth.report;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcRecord;
import org.mailauth.dns.DnsResolver;

/**
 * Whether reports about a policy domain may go to a destination (RFC 9990 §3, "Verifying External Destinations"):
 * a {@code mailto:} address in the policy domain, in one of its subdomains or in one of its parent domains is
 * used as it is; any other domain must publish {@code <policy-domain>._report._dmarc.<destination-domain>} TXT
 * {@code v=DMARC1}, or it gets nothing. This is what keeps a spammer's record from making us mail third parties.
 */
public final class DestinationVerification {

    private final DnsResolver dns;

    public DestinationVerification(DnsResolver dns) {
        this.dns = dns;
    }

    /** The destination's address domain when reports may go there; empty otherwise (also on DNS failure: retried later). */
    public CompletionStage<Optional<String>> verify(String policyDomain, String destinationUri) {
        Optional<String> domain = mailtoDomain(destinationUri);
        if (domain.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String policy = policyDomain.toLowerCase(Locale.ROOT);
        String destination = domain.get();
        if (destination.equals(policy) || destination.endsWith("." + policy) || policy.endsWith("." + destination)) {
            return CompletableFuture.completedFuture(domain);
        }
        return dns.txt(policy + "._report._dmarc." + destination).thenApply(answer -> answer.records().stream()
            .anyMatch(text -> DmarcRecord.parse(text, DmarcMode.RFC9989).isPresent()) ? domain : Optional.empty());
    }

    /** The domain of a {@code mailto:} URI's address, lower case; empty for other schemes or several addresses. */
    static Optional<String> mailtoDomain(String uri) {
        if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
            return Optional.empty();
        }
        String address = uri.substring(7);
        int query = address.indexOf('?');
        if (query >= 0) {
            address = address.substring(0, query);
        }
        address = java.net.URLDecoder.decode(address, java.nio.charset.StandardCharsets.UTF_8);
        if (address.contains(",") || address.indexOf('@') <= 0) {
            return Optional.empty();
        }
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    /** The address of a {@code mailto:} URI. */
    public static Optional<String> mailtoAddress(String uri) {
        if (mailtoDomain(uri).isEmpty()) {
            return Optional.empty();
        }
        String address = uri.substring(7);
        int query = address.indexOf('?');
        return Optional.of(java.net.URLDecoder.decode(query >= 0 ? address.substring(0, query) : address,
            java.nio.charset.StandardCharsets.UTF_8));
    }
}
