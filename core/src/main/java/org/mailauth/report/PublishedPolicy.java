package org.mailauth.report;

import java.util.Objects;
import java.util.Optional;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcRecord;
import org.mailauth.dmarc.DmarcResult;

/**
 * {@code policy_published} (RFC 9990 §3.1.2): the DMARC Policy Record as this receiver discovered it, and how
 * ({@code treewalk} for RFC 9989, {@code psl} for RFC 7489).
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
        this.domain = Objects.requireNonNull(domain);
        this.p = Objects.requireNonNull(p);
        this.sp = sp;
        this.np = np;
        this.adkim = Objects.requireNonNull(adkim);
        this.aspf = Objects.requireNonNull(aspf);
        this.discoveryMethod = Objects.requireNonNull(discoveryMethod);
        this.fo = fo;
        this.testing = testing;
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

    String encoded() {
        return FieldCodec.encode(java.util.Arrays.asList(domain, p, sp.orElse(null), np.orElse(null), adkim, aspf, discoveryMethod,
            fo.orElse(null), Boolean.toString(testing)));
    }

    static PublishedPolicy decode(String text) {
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
