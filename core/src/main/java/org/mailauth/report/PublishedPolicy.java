package org.mailauth.report;

import java.util.Optional;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcRecord;
import org.mailauth.dmarc.DmarcResult;

/**
 * {@code policy_published} (RFC 9990 §3.1.2): the DMARC Policy Record as this receiver discovered it, and how
 * ({@code treewalk} for RFC 9989, {@code psl} for RFC 7489). Its values are {@link ReportText#bounded bounded} when it is
 * made (issue 21): the domain to {@value AggregateRow#MAX_DOMAIN} characters, the others, keywords, to
 * {@value AggregateRow#MAX_KEYWORD}.
 */
public final class PublishedPolicy {

    final String domain;
    final String p;
    final Optional<String> sp;
    final Optional<String> np;
    final String adkim;
    final String aspf;
    final String discoveryMethod;
    final Optional<String> fo;
    final boolean testing;

    public PublishedPolicy(String domain, String p, Optional<String> sp, Optional<String> np, String adkim, String aspf,
                           String discoveryMethod, Optional<String> fo, boolean testing) {
        this.domain = ReportText.bounded(domain, AggregateRow.MAX_DOMAIN);
        this.p = keyword(p);
        this.sp = sp.map(PublishedPolicy::keyword);
        this.np = np.map(PublishedPolicy::keyword);
        this.adkim = keyword(adkim);
        this.aspf = keyword(aspf);
        this.discoveryMethod = keyword(discoveryMethod);
        this.fo = fo.map(PublishedPolicy::keyword);
        this.testing = testing;
    }

    private static String keyword(String value) {
        return ReportText.bounded(value, AggregateRow.MAX_KEYWORD);
    }

    /** The record a result was evaluated with, or empty when none applied. */
    public static Optional<PublishedPolicy> of(DmarcResult result, DmarcMode mode) {
        if (result.record().isEmpty() || result.policyDomain().isEmpty()) {
            return Optional.empty();
        }
        DmarcRecord record = result.record().get();
        return Optional.of(new PublishedPolicy(result.policyDomain().get(), record.policy().value(),
            Optional.of(record.subdomainPolicy().value()),
            mode == DmarcMode.RFC9989 ? Optional.of(record.nonExistentSubdomainPolicy().value()) : Optional.empty(),
            record.dkimAlignment().value(), record.spfAlignment().value(), mode == DmarcMode.RFC9989 ? "treewalk" : "psl",
            Optional.of(String.join(":", record.failureOptions())), record.testing()));
    }

    /** The policy as one line of text, its stored form: at most {@value ReportStore#POLICY_LENGTH} characters. */
    public String encoded() {
        return FieldCodec.encode(java.util.Arrays.asList(domain, p, sp.orElse(null), np.orElse(null), adkim, aspf, discoveryMethod,
            fo.orElse(null), Boolean.toString(testing)));
    }

    /** @throws IllegalArgumentException when {@code text} is not what {@link #encoded()} writes */
    public static PublishedPolicy decode(String text) {
        java.util.List<String> fields = FieldCodec.decode(text);
        if (fields.size() != 9) {
            throw new IllegalArgumentException("not a stored published policy: " + text);
        }
        return new PublishedPolicy(fields.get(0), fields.get(1), Optional.ofNullable(fields.get(2)), Optional.ofNullable(fields.get(3)),
            fields.get(4), fields.get(5), fields.get(6), Optional.ofNullable(fields.get(7)), Boolean.parseBoolean(fields.get(8)));
    }

    public String domain() {
        return domain;
    }
}
