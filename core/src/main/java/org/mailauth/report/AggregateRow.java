package org.mailauth.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.dmarc.AppliedOverride;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.IdentifierAlignment;
import org.mailauth.dmarc.OverrideReason;
import org.mailauth.dmarc.Policy;

/**
 * The identity of one {@code record} of an aggregate report (RFC 9990 §3.1.3 to §3.1.6): the messages that share
 * source IP, identifiers, authentication results, DMARC evaluation and disposition are one row with a count.
 */
public final class AggregateRow {

    /** One DKIM signature's result: {@code auth_results/dkim}. */
    public static final class DkimResult {
        final String domain;
        final String selector;
        final String result;

        public DkimResult(String domain, String selector, String result) {
            this.domain = Objects.requireNonNull(domain);
            this.selector = Objects.requireNonNull(selector);
            this.result = Objects.requireNonNull(result);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DkimResult && ((DkimResult) other).domain.equals(domain)
                && ((DkimResult) other).selector.equals(selector) && ((DkimResult) other).result.equals(result);
        }

        @Override
        public int hashCode() {
            return Objects.hash(domain, selector, result);
        }
    }

    /** A policy override: {@code policy_evaluated/reason} (RFC 9990 §3.1.6). */
    public static final class Reason {
        final String type;
        final String comment;

        public Reason(String type, String comment) {
            this.type = Objects.requireNonNull(type);
            this.comment = Objects.requireNonNull(comment);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Reason && ((Reason) other).type.equals(type) && ((Reason) other).comment.equals(comment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, comment);
        }
    }

    final String sourceIp;
    final String headerFrom;
    final Optional<String> envelopeFrom;
    final Optional<String> envelopeTo;
    final String disposition;
    final boolean dkimAligned;
    final boolean spfAligned;
    final List<Reason> reasons;
    final List<DkimResult> dkim;
    final Optional<String> spfDomain;
    final Optional<String> spfResult;

    /**
     * @param disposition none, pass (passed DMARC under an enforcing policy), quarantine or reject (RFC 9990 §3.1.4)
     * @param dkimAligned whether an aligned DKIM identifier passed ({@code policy_evaluated/dkim})
     * @param spfAligned whether the aligned SPF identifier passed ({@code policy_evaluated/spf})
     */
    public AggregateRow(String sourceIp, String headerFrom, Optional<String> envelopeFrom, Optional<String> envelopeTo,
                        String disposition, boolean dkimAligned, boolean spfAligned, List<Reason> reasons, List<DkimResult> dkim,
                        Optional<String> spfDomain, Optional<String> spfResult) {
        this.sourceIp = Objects.requireNonNull(sourceIp);
        this.headerFrom = Objects.requireNonNull(headerFrom);
        this.envelopeFrom = envelopeFrom;
        this.envelopeTo = envelopeTo;
        this.disposition = Objects.requireNonNull(disposition);
        this.dkimAligned = dkimAligned;
        this.spfAligned = spfAligned;
        this.reasons = List.copyOf(reasons);
        this.dkim = List.copyOf(dkim);
        this.spfDomain = spfDomain;
        this.spfResult = spfResult;
    }

    /**
     * The row of one evaluated message (RFC 9990 §3.1.3-§3.1.6): {@code pass} as disposition when DMARC passed under
     * an enforcing policy; each override as a reason ({@code sampled_out}, which RFC 9990 dropped, as {@code other}).
     */
    public static AggregateRow of(DmarcResult result, String sourceIp, Optional<String> envelopeFrom, Optional<String> envelopeTo) {
        String disposition = result.code() == DmarcResult.Code.PASS && result.policy().map(policy -> policy != Policy.NONE).orElse(false)
            ? "pass" : result.disposition().value();
        List<Reason> reasons = new ArrayList<>();
        for (AppliedOverride override : result.overrides()) {
            boolean known = override.reason() != OverrideReason.SAMPLED_OUT;
            reasons.add(new Reason(known ? override.reason().value() : "other",
                known ? override.comment() : override.reason().value() + ": " + override.comment()));
        }
        List<DkimResult> dkim = new ArrayList<>();
        for (IdentifierAlignment signature : result.dkim()) {
            dkim.add(new DkimResult(signature.domain(), signature.selector().orElse(""), signature.result()));
        }
        Optional<IdentifierAlignment> spf = result.spf();
        return new AggregateRow(sourceIp, result.authorDomain().orElse(""), envelopeFrom, envelopeTo, disposition,
            result.dkim().stream().anyMatch(identifier -> identifier.aligned() == IdentifierAlignment.Aligned.YES),
            spf.map(identifier -> identifier.aligned() == IdentifierAlignment.Aligned.YES).orElse(false), reasons, dkim,
            spf.map(IdentifierAlignment::domain), spf.map(IdentifierAlignment::result));
    }

    /** The row as one line of text, for the report store. */
    String encoded() {
        List<String> fields = new ArrayList<>(List.of(sourceIp, headerFrom));
        fields.add(envelopeFrom.orElse(null));
        fields.add(envelopeTo.orElse(null));
        fields.add(disposition);
        fields.add(Boolean.toString(dkimAligned));
        fields.add(Boolean.toString(spfAligned));
        fields.add(spfDomain.orElse(null));
        fields.add(spfResult.orElse(null));
        fields.add(Integer.toString(reasons.size()));
        for (Reason reason : reasons) {
            fields.add(reason.type);
            fields.add(reason.comment);
        }
        fields.add(Integer.toString(dkim.size()));
        for (DkimResult result : dkim) {
            fields.add(result.domain);
            fields.add(result.selector);
            fields.add(result.result);
        }
        return FieldCodec.encode(fields);
    }

    /** @throws IllegalArgumentException when {@code text} is not what {@link #encoded()} writes */
    static AggregateRow decode(String text) {
        List<String> fields = FieldCodec.decode(text);
        try {
            int index = 9;
            List<Reason> reasons = new ArrayList<>();
            int reasonCount = Integer.parseInt(fields.get(index++));
            for (int i = 0; i < reasonCount; i++) {
                reasons.add(new Reason(fields.get(index++), fields.get(index++)));
            }
            List<DkimResult> dkim = new ArrayList<>();
            int dkimCount = Integer.parseInt(fields.get(index++));
            for (int i = 0; i < dkimCount; i++) {
                dkim.add(new DkimResult(fields.get(index++), fields.get(index++), fields.get(index++)));
            }
            return new AggregateRow(fields.get(0), fields.get(1), Optional.ofNullable(fields.get(2)), Optional.ofNullable(fields.get(3)),
                fields.get(4), Boolean.parseBoolean(fields.get(5)), Boolean.parseBoolean(fields.get(6)), reasons, dkim,
                Optional.ofNullable(fields.get(7)), Optional.ofNullable(fields.get(8)));
        } catch (IndexOutOfBoundsException | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("not a stored report row: " + text, e);
        }
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String headerFrom() {
        return headerFrom;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AggregateRow)) {
            return false;
        }
        AggregateRow row = (AggregateRow) other;
        return sourceIp.equals(row.sourceIp) && headerFrom.equals(row.headerFrom) && envelopeFrom.equals(row.envelopeFrom)
            && envelopeTo.equals(row.envelopeTo) && disposition.equals(row.disposition) && dkimAligned == row.dkimAligned
            && spfAligned == row.spfAligned && reasons.equals(row.reasons) && dkim.equals(row.dkim) && spfDomain.equals(row.spfDomain)
            && spfResult.equals(row.spfResult);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceIp, headerFrom, envelopeFrom, envelopeTo, disposition, dkimAligned, spfAligned, reasons, dkim,
            spfDomain, spfResult);
    }
}
