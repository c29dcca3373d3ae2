package org.mailauth.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;

/**
 * What one DMARC-evaluated message adds to the aggregate reports (RFC 9990 §2): its row, in the report of its
 * policy domain and interval, with the policy as discovered and the record's {@code rua} destinations.
 */
public final class Observation {

    private final ReportInterval interval;
    private final PublishedPolicy policy;
    private final List<String> destinations;
    private final AggregateRow row;

    public Observation(ReportInterval interval, PublishedPolicy policy, List<String> destinations, AggregateRow row) {
        this.interval = Objects.requireNonNull(interval);
        this.policy = Objects.requireNonNull(policy);
        this.destinations = List.copyOf(destinations);
        this.row = Objects.requireNonNull(row);
    }

    /** The observation of a result whose record asks for aggregate reports ({@code rua}); empty otherwise. */
    public static Optional<Observation> of(DmarcResult result, DmarcMode mode, ReportInterval interval, String sourceIp,
                                           Optional<String> envelopeFrom, Optional<String> envelopeTo) {
        Optional<PublishedPolicy> policy = PublishedPolicy.of(result, mode);
        if (policy.isEmpty() || result.record().isEmpty()) {
            return Optional.empty();
        }
        List<String> destinations = ReportDestinations.of(result.record().get().aggregateUris()).stream()
            .map(MailtoAddress::uri).collect(java.util.stream.Collectors.toList());
        if (destinations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Observation(interval, policy.get(), destinations, AggregateRow.of(result, sourceIp, envelopeFrom, envelopeTo)));
    }

    public ReportInterval interval() {
        return interval;
    }

    public PublishedPolicy policy() {
        return policy;
    }

    /**
     * The record's rua destinations ({@link ReportDestinations}) as canonical {@code mailto:} URIs, with their
     * RFC 7489 size limit as {@code !bytes} when given.
     */
    public List<String> destinations() {
        return destinations;
    }

    public AggregateRow row() {
        return row;
    }

    /** Observations of one report (policy domain and interval) with the same row count together. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Observation && ((Observation) other).interval.equals(interval)
            && ((Observation) other).policy.domain().equals(policy.domain()) && ((Observation) other).row.equals(row);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, policy.domain(), row);
    }
}
