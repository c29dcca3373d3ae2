package org.mailauth.report;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcRecord;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dmarc.OrganizationalDomains;
import org.mailauth.dns.DnsResolver;

/**
 * Whether reports about a policy domain may go to a destination (RFC 9990 §4, "Verifying External Destinations").
 * The destination is read once, as a {@link MailtoAddress}; one that is not a plain address gets nothing. When its
 * domain has the same Organizational Domain as the policy domain (RFC 9989 §3.2.14: by the DNS Tree Walk, or by the
 * Public Suffix List in RFC 7489 mode) it is used as it is; any other destination domain must publish
 * {@code <policy-domain>._report._dmarc.<destination-domain>} TXT {@code v=DMARC1}, or it gets nothing. This keeps a
 * spammer's record from making us mail third parties, the parent domain of a shared suffix included.
 */
public final class DestinationVerification {

    private static final int MAX_NAME = 253;

    /** The outcome: the verified address; or refused, with the reason; or unknown for now (DNS failed). */
    public static final class Outcome {
        private final Optional<MailtoAddress> address;
        private final boolean temporary;
        private final String reason;

        private Outcome(Optional<MailtoAddress> address, boolean temporary, String reason) {
            this.address = address;
            this.temporary = temporary;
            this.reason = reason;
        }

        static Outcome verified(MailtoAddress address, String how) {
            return new Outcome(Optional.of(address), false, how);
        }

        static Outcome refused(String why) {
            return new Outcome(Optional.empty(), false, why);
        }

        static Outcome notNow(String why) {
            return new Outcome(Optional.empty(), true, why);
        }

        /** The address reports may be sent to, when verified. */
        public Optional<MailtoAddress> address() {
            return address;
        }

        /** The destination's domain, when verified. */
        public Optional<String> domain() {
            return address.map(MailtoAddress::domain);
        }

        /** DNS failed: try again later rather than give up on the report. */
        public boolean temporary() {
            return temporary;
        }

        /** How the destination was verified, or why not. */
        public String reason() {
            return reason;
        }
    }

    private final DnsResolver dns;
    private final OrganizationalDomains organizationalDomains;

    /** Organizational Domains are determined as DMARC evaluation determines them under {@code settings}. */
    public DestinationVerification(DnsResolver dns, DmarcSettings settings) {
        this.dns = dns;
        this.organizationalDomains = OrganizationalDomains.of(dns, settings);
    }

    /** The destination's address when reports may go there; empty otherwise, also when DNS failed. */
    public CompletionStage<Optional<MailtoAddress>> verify(String policyDomain, String destinationUri) {
        return check(policyDomain, destinationUri).thenApply(Outcome::address);
    }

    /** Like {@link #verify}, telling a refusal from a DNS failure, with the reason. */
    public CompletionStage<Outcome> check(String policyDomain, String destinationUri) {
        Optional<MailtoAddress> parsed = MailtoAddress.parse(destinationUri);
        if (parsed.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.refused("not a plain mailto: address ("
                + MailtoAddress.refusal(destinationUri).orElse("refused") + ")"));
        }
        MailtoAddress address = parsed.get();
        String policy = policyDomain.toLowerCase(Locale.ROOT);
        return organizationalDomains.of(policy).thenCombine(organizationalDomains.of(address.domain()), (policyOrg, destinationOrg) -> {
            if (policyOrg.isEmpty() || destinationOrg.isEmpty()) {
                return CompletableFuture.completedFuture(Outcome.notNow("an Organizational Domain could not be determined (DNS)"));
            }
            if (policyOrg.get().equals(destinationOrg.get())) {
                return CompletableFuture.completedFuture(Outcome.verified(address, "same Organizational Domain " + policyOrg.get()));
            }
            return consent(policy, address);
        }).thenCompose(outcome -> outcome);
    }

    /** Steps 1–8 of RFC 9990 §4: the destination domain's TXT record at {@code <policy>._report._dmarc.<destination>}. */
    private CompletionStage<Outcome> consent(String policy, MailtoAddress address) {
        String name = policy + "._report._dmarc." + address.domain();
        if (name.length() > MAX_NAME) {
            return CompletableFuture.completedFuture(Outcome.refused(name.length() + " octets is too long a name to ask for consent (§4 step 4)"));
        }
        return dns.txt(name).thenApply(answer -> {
            if (answer.isTemporaryFailure()) {
                return Outcome.notNow("the consent record " + name + " could not be read now (DNS)");
            }
            boolean consent = answer.records().stream().anyMatch(text -> DmarcRecord.parse(text, DmarcMode.RFC9989).isPresent());
            return consent ? Outcome.verified(address, "consent published at " + name)
                : Outcome.refused("an external destination without a v=DMARC1 record at " + name);
        });
    }
}
