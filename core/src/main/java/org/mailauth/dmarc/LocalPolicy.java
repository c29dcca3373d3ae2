package org.mailauth.dmarc;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailauth.arc.ArcVerification;

/**
 * The receiver's own exceptions to domain policies (RFC 9989 §5.3.6, §7.4): mail from trusted forwarders (their
 * IP ranges), mail signed by trusted signing domains (mailing lists that sign with their own domain), and mail from
 * exempt Author Domains (and their subdomains; a partner whose mail is known to break DMARC) is never quarantined or
 * rejected by DMARC. It is still evaluated and reported; each exception carries its RFC 9990 override reason. Trusted
 * ARC sealers (RFC 8617 §7.2.1) vouch for mail whose DMARC failure their recorded results explain.
 */
public final class LocalPolicy {

    private static final LocalPolicy NONE = builder().build();

    private final List<IpRange> trustedForwarders;
    private final Set<String> trustedSigningDomains;
    private final Set<String> exemptAuthorDomains;
    private final Set<String> trustedArcSealers;

    private LocalPolicy(Builder builder) {
        this.trustedForwarders = List.copyOf(builder.trustedForwarders);
        this.trustedSigningDomains = lowerCase(builder.trustedSigningDomains);
        this.exemptAuthorDomains = lowerCase(builder.exemptAuthorDomains);
        this.trustedArcSealers = lowerCase(builder.trustedArcSealers);
    }

    private static Set<String> lowerCase(Set<String> domains) {
        return domains.stream().map(domain -> domain.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static LocalPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The exception that applies to mail of {@code authorDomain} from {@code client} with these passing DKIM domains, if any. */
    Optional<AppliedOverride> exception(String authorDomain, Optional<InetAddress> client, List<String> passingDkimDomains) {
        if (client.isPresent()) {
            for (IpRange range : trustedForwarders) {
                if (range.contains(client.get())) {
                    return Optional.of(new AppliedOverride(OverrideReason.TRUSTED_FORWARDER, "client " + client.get().getHostAddress()
                        + " is in the trusted forwarder range " + range));
                }
            }
        }
        for (String domain : passingDkimDomains) {
            if (trustedSigningDomains.contains(domain.toLowerCase(Locale.ROOT))) {
                return Optional.of(new AppliedOverride(OverrideReason.MAILING_LIST, "signed by the trusted domain " + domain));
            }
        }
        String author = authorDomain.toLowerCase(Locale.ROOT);
        for (String exempt : exemptAuthorDomains) {
            if (author.equals(exempt) || author.endsWith("." + exempt)) {
                return Optional.of(new AppliedOverride(OverrideReason.LOCAL_POLICY, "the Author Domain " + author
                    + " is exempt from DMARC policies here (" + exempt + ")"));
            }
        }
        return Optional.empty();
    }

    /** The passes that trusted ARC sealers recorded, when the chain passes (RFC 8617 §7.2.1). */
    List<SealerClaim> sealerClaims(ArcVerification arc) {
        return SealerClaim.of(arc, trustedArcSealers);
    }

    /** The ARC sealer domains whose recorded results this receiver trusts. */
    public Set<String> trustedArcSealers() {
        return trustedArcSealers;
    }

    public static final class Builder {
        private Set<String> trustedArcSealers = Set.of();
        private List<IpRange> trustedForwarders = List.of();
        private Set<String> trustedSigningDomains = Set.of();
        private Set<String> exemptAuthorDomains = Set.of();

        private Builder() {
        }

        /** Client IP ranges whose mail DMARC never quarantines or rejects (reason trusted_forwarder). */
        public Builder trustedForwarders(List<IpRange> ranges) {
            this.trustedForwarders = List.copyOf(ranges);
            return this;
        }

        /** DKIM domains whose passing signature exempts the mail (reason mailing_list). */
        public Builder trustedSigningDomains(Set<String> domains) {
            this.trustedSigningDomains = Set.copyOf(domains);
            return this;
        }

        /** Author Domains (A-labels), with their subdomains, whose mail is exempt (reason local_policy). */
        public Builder exemptAuthorDomains(Set<String> domains) {
            this.exemptAuthorDomains = Set.copyOf(domains);
            return this;
        }

        /**
         * ARC sealer domains (the d= of their ARC-Seal) whose ARC-Authentication-Results are believed: a DMARC failure of
         * mail whose passing chain holds such a sealer's aligned SPF or DKIM pass gets disposition none (reason
         * trusted_forwarder, RFC 8617 §7.2.1).
         */
        public Builder trustedArcSealers(Set<String> domains) {
            this.trustedArcSealers = Set.copyOf(domains);
            return this;
        }

        public LocalPolicy build() {
            return new LocalPolicy(this);
        }
    }
}
