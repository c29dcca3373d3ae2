package org.mailauth.dmarc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.arc.ArcVerification;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.IdentifierAlignment.Aligned;
import org.mailauth.dns.DnsResolver;
import org.mailauth.spf.SpfResult;

/**
 * DMARC for one message (RFC 9989 §5.3): Author Domain(s) from the From fields, Policy Discovery, Identifier
 * Alignment of the SPF MAIL FROM identity (RFC 7208 §2.4: {@code postmaster@HELO} for the null sender; a HELO
 * check never counts, §4.4.2) and of every passing DKIM signature, the result, and the disposition: the policy,
 * one level milder under {@code t=y} (§4.7), sampled by {@code pct} in RFC 7489 mode, and none for the local
 * exceptions of {@link LocalPolicy}, trusted ARC sealers included (RFC 8617 §7.2.1). DNS failures give temperror, never pass or fail (§5.3.6).
 */
public final class DmarcEvaluator {

    private final PolicyDiscovery discovery;
    private final OrganizationalDomains organizationalDomains;
    private final DmarcSettings settings;

    public DmarcEvaluator(DnsResolver dns, DmarcSettings settings) {
        this.settings = settings;
        this.discovery = new PolicyDiscovery(dns, settings.mode(), settings.publicSuffixList());
        this.organizationalDomains = OrganizationalDomains.of(dns, settings);
    }

    /**
     * @param fromFields the bodies of the message's From fields
     * @param spf the SPF result of the MAIL FROM identity, if SPF ran
     * @param dkim the result of every DKIM signature
     * @param client the SMTP client's address, for the trusted forwarders
     */
    public CompletionStage<DmarcResult> evaluate(List<String> fromFields, Optional<SpfResult> spf, List<DkimSignatureResult> dkim,
                                                 Optional<InetAddress> client) {
        return evaluate(fromFields, spf, dkim, client, ArcVerification.none());
    }

    /**
     * As {@link #evaluate(List, Optional, List, Optional)}, with the message's ARC chain: a failure whose chain passes
     * and holds a trusted sealer's aligned pass gets disposition none (RFC 8617 §7.2.1).
     */
    public CompletionStage<DmarcResult> evaluate(List<String> fromFields, Optional<SpfResult> spf, List<DkimSignatureResult> dkim,
                                                 Optional<InetAddress> client, ArcVerification arc) {
        AuthorDomains authors = AuthorDomains.of(fromFields);
        if (authors.domains().isEmpty()) {
            return CompletableFuture.completedFuture(new DmarcResult(DmarcResult.Code.PERMERROR, List.of(), Optional.empty(), List.of(),
                Policy.NONE, List.of(), authors.problem()));
        }
        if (authors.domains().size() > settings.maxAuthorDomains()) {
            return CompletableFuture.completedFuture(new DmarcResult(DmarcResult.Code.PERMERROR, authors.domains(), Optional.empty(),
                List.of(), Policy.NONE, List.of(), Optional.of("the From field has " + authors.domains().size()
                    + " Author Domains; at most " + settings.maxAuthorDomains() + " are evaluated (RFC 9989 §11.5)")));
        }
        List<CompletableFuture<DmarcResult>> results = new ArrayList<>();
        for (String author : authors.domains()) {
            results.add(evaluate(author, authors.domains(), spf, dkim, client, arc).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
            .thenApply(done -> strictest(results.stream().map(CompletableFuture::join).collect(java.util.stream.Collectors.toList())));
    }

    /** With several Author Domains: a failure with the strictest disposition, else a temperror, else pass, else none (§11.5). */
    private static DmarcResult strictest(List<DmarcResult> results) {
        DmarcResult chosen = results.get(0);
        for (DmarcResult result : results) {
            if (rank(result) > rank(chosen)) {
                chosen = result;
            }
        }
        return chosen;
    }

    private static int rank(DmarcResult result) {
        switch (result.code()) {
            case FAIL:
                return 10 + result.disposition().ordinal();
            case TEMPERROR:
                return 3;
            case PASS:
                return 2;
            case NONE:
                return 1;
            default:
                return 0;
        }
    }

    private CompletionStage<DmarcResult> evaluate(String author, List<String> authors, Optional<SpfResult> spf,
                                                  List<DkimSignatureResult> dkim, Optional<InetAddress> client, ArcVerification arc) {
        return discovery.discover(author).thenCompose(found -> {
            switch (found.outcome()) {
                case NONE:
                    return CompletableFuture.completedFuture(new DmarcResult(DmarcResult.Code.NONE, authors, Optional.of(found),
                        List.of(), Policy.NONE, List.of(), found.problem()));
                case TEMPORARY_FAILURE:
                    return CompletableFuture.completedFuture(new DmarcResult(DmarcResult.Code.TEMPERROR, authors, Optional.of(found),
                        List.of(), Policy.NONE, List.of(), found.problem()));
                default:
                    return align(found, spf, dkim).thenCompose(identifiers -> vouched(found, identifiers, arc)
                        .thenApply(claim -> decide(found, authors, identifiers, dkim, client, claim)));
            }
        });
    }

    private CompletionStage<List<IdentifierAlignment>> align(DiscoveredPolicy found, Optional<SpfResult> spf, List<DkimSignatureResult> dkim) {
        DmarcRecord record = found.record().orElseThrow();
        List<CompletableFuture<IdentifierAlignment>> alignments = new ArrayList<>();
        if (spf.isPresent() && spf.get().identity() == SpfResult.Identity.MAILFROM && !spf.get().domain().isEmpty()) {
            String domain = spf.get().domain().toLowerCase(Locale.ROOT);
            boolean passed = spf.get().code() == SpfResult.Code.PASS;
            alignments.add(aligned(found, domain, record.spfAlignment(), passed)
                .thenApply(aligned -> new IdentifierAlignment("spf", domain, Optional.empty(), spf.get().code().keyword(), aligned))
                .toCompletableFuture());
        }
        for (DkimSignatureResult signature : dkim) {
            if (signature.domain().isEmpty()) {
                continue;
            }
            String domain = signature.domain().toLowerCase(Locale.ROOT);
            boolean passed = signature.result() == DkimResult.PASS;
            alignments.add(aligned(found, domain, record.dkimAlignment(), passed)
                .thenApply(aligned -> new IdentifierAlignment("dkim", domain, Optional.of(signature.selector()),
                    signature.result().keyword(), aligned))
                .toCompletableFuture());
        }
        return CompletableFuture.allOf(alignments.toArray(new CompletableFuture<?>[0]))
            .thenApply(done -> alignments.stream().map(CompletableFuture::join).collect(java.util.stream.Collectors.toList()));
    }

    /**
     * Identifier Alignment (§3.2.10, §4.10.2) of an identifier whose method passed; a failed one never aligns, and
     * its Organizational Domain is not looked up.
     */
    private CompletionStage<Aligned> aligned(DiscoveredPolicy found, String identifier, AlignmentMode mode, boolean passed) {
        String author = found.authorDomain();
        if (!passed) {
            return CompletableFuture.completedFuture(Aligned.NO);
        }
        if (identifier.equals(author)) {
            return CompletableFuture.completedFuture(Aligned.YES);
        }
        if (mode == AlignmentMode.STRICT) {
            return CompletableFuture.completedFuture(Aligned.NO);
        }
        CompletionStage<Optional<String>> authorOrganizational = found.organizationalDomain().isPresent()
            ? CompletableFuture.completedFuture(found.organizationalDomain()) : organizationalDomains.of(author);
        return authorOrganizational.thenCombine(organizationalDomains.of(identifier), (ours, theirs) -> {
            if (ours.isEmpty() || theirs.isEmpty()) {
                return Aligned.UNKNOWN;
            }
            return ours.get().equals(theirs.get()) ? Aligned.YES : Aligned.NO;
        });
    }

    /**
     * The first pass a trusted ARC sealer recorded for an identifier aligned with the Author Domain (RFC 8617 §7.2.1),
     * under the record's alignment modes; looked for only when DMARC itself fails.
     */
    private CompletionStage<Optional<SealerClaim>> vouched(DiscoveredPolicy found, List<IdentifierAlignment> identifiers,
                                                           ArcVerification arc) {
        List<SealerClaim> claims = settings.localPolicy().sealerClaims(arc);
        if (claims.isEmpty() || identifiers.stream().anyMatch(identifier -> identifier.aligned() != Aligned.NO)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        DmarcRecord record = found.record().orElseThrow();
        List<CompletableFuture<Aligned>> alignments = new ArrayList<>();
        for (SealerClaim claim : claims) {
            AlignmentMode mode = claim.method().equals("spf") ? record.spfAlignment() : record.dkimAlignment();
            alignments.add(aligned(found, claim.domain(), mode, true).toCompletableFuture());
        }
        return CompletableFuture.allOf(alignments.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            for (int i = 0; i < claims.size(); i++) {
                if (alignments.get(i).join() == Aligned.YES) {
                    return Optional.of(claims.get(i));
                }
            }
            return Optional.empty();
        });
    }

    private DmarcResult decide(DiscoveredPolicy found, List<String> authors, List<IdentifierAlignment> identifiers,
                               List<DkimSignatureResult> dkim, Optional<InetAddress> client, Optional<SealerClaim> vouched) {
        if (identifiers.stream().anyMatch(identifier -> identifier.aligned() == Aligned.YES)) {
            return new DmarcResult(DmarcResult.Code.PASS, authors, Optional.of(found), identifiers, Policy.NONE, List.of(), Optional.empty());
        }
        if (identifiers.stream().anyMatch(identifier -> identifier.aligned() == Aligned.UNKNOWN)) {
            return new DmarcResult(DmarcResult.Code.TEMPERROR, authors, Optional.of(found), identifiers, Policy.NONE, List.of(),
                Optional.of("an Organizational Domain could not be looked up"));
        }
        DmarcRecord record = found.record().orElseThrow();
        Policy disposition = found.policy().orElse(Policy.NONE);
        List<AppliedOverride> overrides = new ArrayList<>();
        if (disposition != Policy.NONE && record.testing()) {
            disposition = disposition.oneLevelBelow();
            overrides.add(new AppliedOverride(OverrideReason.POLICY_TEST_MODE, "t=y: the domain is testing its policy"));
        }
        if (disposition != Policy.NONE && record.percentage().isPresent() && settings.percentRoll().getAsInt() >= record.percentage().getAsInt()) {
            disposition = disposition.oneLevelBelow();
            overrides.add(new AppliedOverride(OverrideReason.SAMPLED_OUT, "pct=" + record.percentage().getAsInt()));
        }
        if (disposition != Policy.NONE) {
            List<String> passingDomains = new ArrayList<>();
            dkim.stream().filter(signature -> signature.result() == DkimResult.PASS).forEach(signature -> passingDomains.add(signature.domain()));
            Optional<AppliedOverride> exception = settings.localPolicy().exception(found.authorDomain(), client, passingDomains);
            if (exception.isPresent()) {
                disposition = Policy.NONE;
                overrides.add(exception.get());
            } else if (vouched.isPresent()) {
                disposition = Policy.NONE;
                overrides.add(AppliedOverride.arcSealer(vouched.get()));
            }
        }
        return new DmarcResult(DmarcResult.Code.FAIL, authors, Optional.of(found), identifiers, disposition, overrides, Optional.empty());
    }
}
