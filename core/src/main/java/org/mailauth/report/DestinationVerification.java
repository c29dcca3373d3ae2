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

    /** The outcome: the destination's domain when verified; or refused; or unknown for now (DNS failed). */
    public static final class Outcome {
        private final Optional<String> domain;
        private final boolean temporary;

        private Outcome(Optional<String> domain, boolean temporary) {
            this.domain = domain;
            this.temporary = temporary;
        }

        public Optional<String> domain() {
            return domain;
        }

        /** DNS failed: try again later rather than give up on the report. */
        public boolean temporary() {
            return temporary;
        }
    }

    private final DnsResolver dns;

    public DestinationVerification(DnsResolver dns) {
        this.dns = dns;
    }

    /** The destination's address domain when reports may go there; empty otherwise, also when DNS failed. */
    public CompletionStage<Optional<String>> verify(String policyDomain, String destinationUri) {
        return check(policyDomain, destinationUri).thenApply(Outcome::domain);
    }

    /** Like {@link #verify}, telling a refusal from a DNS failure. */
    public CompletionStage<Outcome> check(String policyDomain, String destinationUri) {
        Optional<String> domain = mailtoDomain(destinationUri);
        if (domain.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome(Optional.empty(), false));
        }
        String policy = policyDomain.toLowerCase(Locale.ROOT);
        String destination = domain.get();
        if (destination.equals(policy) || destination.endsWith("." + policy) || policy.endsWith("." + destination)) {
            return CompletableFuture.completedFuture(new Outcome(domain, false));
        }
        return dns.txt(policy + "._report._dmarc." + destination).thenApply(answer -> {
            if (answer.isTemporaryFailure()) {
                return new Outcome(Optional.empty(), true);
            }
            boolean consent = answer.records().stream().anyMatch(text -> DmarcRecord.parse(text, DmarcMode.RFC9989).isPresent());
            return new Outcome(consent ? domain : Optional.empty(), false);
        });
    }

    /** A destination without its RFC 7489 size limit ({@code !bytes}). */
    public static String withoutSizeLimit(String destination) {
        return destination.replaceFirst("![0-9]+$", "");
    }

    /** The RFC 7489 size limit of a destination, in bytes, when it has one. */
    public static java.util.OptionalLong sizeLimit(String destination) {
        java.util.regex.Matcher limit = java.util.regex.Pattern.compile("!([0-9]+)$").matcher(destination);
        return limit.find() ? java.util.OptionalLong.of(Long.parseLong(limit.group(1))) : java.util.OptionalLong.empty();
    }

    /** The domain of a {@code mailto:} URI's address, lower case; empty for other schemes or several addresses. */
    static Optional<String> mailtoDomain(String destination) {
        String uri = withoutSizeLimit(destination);
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
    public static Optional<String> mailtoAddress(String destination) {
        String uri = withoutSizeLimit(destination);
        if (mailtoDomain(uri).isEmpty()) {
            return Optional.empty();
        }
        String address = uri.substring(7);
        int query = address.indexOf('?');
        return Optional.of(java.net.URLDecoder.decode(query >= 0 ? address.substring(0, query) : address,
            java.nio.charset.StandardCharsets.UTF_8));
    }
}
