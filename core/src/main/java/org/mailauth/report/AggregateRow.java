package org.mailauth.report;

import java.util.ArrayList;
import java.util.Comparator;
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
 * Every value is bounded when the row is made (issue 21): {@link ReportText#bounded text} of at most the lengths
 * below, at most {@value #MAX_REASONS} reasons and {@value #MAX_DKIM_RESULTS} DKIM results, so that the largest row,
 * every character escaped, fits the store's {@code row_data} column.
 */
public final class AggregateRow {

    /** A domain: RFC 1035 §2.3.4 allows 255 octets. */
    static final int MAX_DOMAIN = 255;
    /** A DKIM selector (RFC 6376 §3.1: a sub-domain, so a domain's bound). */
    static final int MAX_SELECTOR = 255;
    static final int MAX_SOURCE_IP = 64;
    /** A result, disposition or reason type: one of the schema's keywords. */
    static final int MAX_KEYWORD = 32;
    static final int MAX_COMMENT = 200;
    static final int MAX_REASONS = 5;
    /** RFC 9990 §3.1.3 asks for no more than 100; ten is the default of {@code dkim.max-signatures}. */
    static final int MAX_DKIM_RESULTS = 10;

    /** One DKIM signature's result: {@code auth_results/dkim}. */
    public static final class DkimResult {
        final String domain;
        final String selector;
        final String result;

        public DkimResult(String domain, String selector, String result) {
            this.domain = ReportText.bounded(domain, MAX_DOMAIN);
            this.selector = ReportText.bounded(selector, MAX_SELECTOR);
            this.result = ReportText.bounded(result, MAX_KEYWORD);
        }

        public String domain() {
            return domain;
        }

        public String selector() {
            return selector;
        }

        public String result() {
            return result;
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
            this.type = ReportText.bounded(type, MAX_KEYWORD);
            this.comment = ReportText.bounded(comment, MAX_COMMENT);
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
        this.sourceIp = ReportText.bounded(sourceIp, MAX_SOURCE_IP);
        this.headerFrom = ReportText.bounded(headerFrom, MAX_DOMAIN);
        this.envelopeFrom = envelopeFrom.map(domain -> ReportText.bounded(domain, MAX_DOMAIN));
        this.envelopeTo = envelopeTo.map(domain -> ReportText.bounded(domain, MAX_DOMAIN));
        this.disposition = ReportText.bounded(disposition, MAX_KEYWORD);
        this.dkimAligned = dkimAligned;
        this.spfAligned = spfAligned;
        this.reasons = List.copyOf(reasons.subList(0, Math.min(reasons.size(), MAX_REASONS)));
        this.dkim = List.copyOf(dkim.subList(0, Math.min(dkim.size(), MAX_DKIM_RESULTS)));
        this.spfDomain = spfDomain.map(domain -> ReportText.bounded(domain, MAX_DOMAIN));
        this.spfResult = spfResult.map(result -> ReportText.bounded(result, MAX_KEYWORD));
    }

    /**
     * The row of one evaluated message (RFC 9990 §3.1.3-§3.1.6): {@code pass} as disposition when DMARC passed under
     * an enforcing policy; each override as a reason ({@code sampled_out}, which RFC 9990 dropped, as {@code other});
     * the DKIM results in the order of RFC 9990 §3.1.3 (passing and strictly aligned, passing and aligned, passing,
     * the rest), so that the first {@value #MAX_DKIM_RESULTS} are the ones kept.
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
        List<IdentifierAlignment> signatures = new ArrayList<>(result.dkim());
        signatures.sort(Comparator.comparingInt(signature -> rank(signature, result.authorDomain().orElse(""))));
        List<DkimResult> dkim = new ArrayList<>();
        for (IdentifierAlignment signature : signatures) {
            dkim.add(new DkimResult(signature.domain(), signature.selector().orElse(""), signature.result()));
        }
        Optional<IdentifierAlignment> spf = result.spf();
        return new AggregateRow(sourceIp, result.authorDomain().orElse(""), envelopeFrom, envelopeTo, disposition,
            result.dkim().stream().anyMatch(identifier -> identifier.aligned() == IdentifierAlignment.Aligned.YES),
            spf.map(identifier -> identifier.aligned() == IdentifierAlignment.Aligned.YES).orElse(false), reasons, dkim,
            spf.map(IdentifierAlignment::domain), spf.map(IdentifierAlignment::result));
    }

    /** RFC 9990 §3.1.3: 0 for a passing signature in strict alignment, 1 relaxed, 2 any other pass, 3 the rest. */
    private static int rank(IdentifierAlignment signature, String authorDomain) {
        if (!"pass".equals(signature.result())) {
            return 3;
        }
        if (signature.aligned() != IdentifierAlignment.Aligned.YES) {
            return 2;
        }
        return signature.domain().equalsIgnoreCase(authorDomain) ? 0 : 1;
    }

    /** The row as one line of text, its stored form: at most {@value ReportStore#ROW_DATA_LENGTH} characters. */
    public String encoded() {
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
    public static AggregateRow decode(String text) {
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

    /** {@code auth_results/dkim}, at most {@value #MAX_DKIM_RESULTS}, the ones RFC 9990 §3.1.3 ranks first. */
    public List<DkimResult> dkim() {
        return dkim;
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
