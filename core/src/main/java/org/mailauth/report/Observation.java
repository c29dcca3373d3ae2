package org.mailauth.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one DMARC-evaluated message adds to the aggregate reports (RFC 9990 §2): its row, in the report of its
 * policy domain and interval, with the policy as discovered and the record's {@code rua} destinations.
 *
 * <p>The destinations are the record's {@link ReportDestinations} (plain {@code mailto:} addresses, each once, at most
 * {@value ReportDestinations#MAX_PER_RECORD}), in their canonical form, and bounded once more for the store (also what an
 * earlier version stored): a URI longer than {@value #MAX_URI_LENGTH} characters, or with a character a report cannot
 * carry ({@link ReportText}), is ignored like a malformed one, never cut (a cut address is another address); of the
 * rest, the first {@value #MAX_URIS} are kept, fewer if their list would not fit the store's {@code destinations} column.
 */
public final class Observation {

    static final int MAX_URIS = ReportDestinations.MAX_PER_RECORD;
    /** An address is at most 256 octets (RFC 5321 §4.5.3.1.3); this leaves room for {@code mailto:}, escapes and a size. */
    static final int MAX_URI_LENGTH = 500;
    private static final Logger LOGGER = LoggerFactory.getLogger(Observation.class);

    private final ReportInterval interval;
    private final PublishedPolicy policy;
    private final List<String> destinations;
    private final AggregateRow row;

    public Observation(ReportInterval interval, PublishedPolicy policy, List<String> destinations, AggregateRow row) {
        this.interval = Objects.requireNonNull(interval);
        this.policy = Objects.requireNonNull(policy);
        this.destinations = boundedDestinations(destinations);
        this.row = Objects.requireNonNull(row);
    }

    /** The observation of a result whose record asks for aggregate reports ({@code rua}); empty otherwise. */
    public static Optional<Observation> of(DmarcResult result, DmarcMode mode, ReportInterval interval, String sourceIp,
                                           Optional<String> envelopeFrom, Optional<String> envelopeTo) {
        Optional<PublishedPolicy> policy = PublishedPolicy.of(result, mode);
        if (policy.isEmpty() || result.record().isEmpty()) {
            return Optional.empty();
        }
        List<String> requested = ReportDestinations.of(result.record().get().aggregateUris()).stream()
            .map(MailtoAddress::uri).collect(Collectors.toList());
        List<String> destinations = boundedDestinations(requested);
        if (destinations.size() < requested.size()) {
            LOGGER.debug("mailauth: {} of the {} rua destinations of {} kept (at most {} characters each)", destinations.size(),
                requested.size(), policy.get().domain(), MAX_URI_LENGTH);
        }
        if (destinations.isEmpty()) {
            return Optional.empty();
        }
        AggregateRow row = AggregateRow.of(result, sourceIp, envelopeFrom, envelopeTo);
        return Optional.of(new Observation(interval, policy.get(), destinations, row));
    }

    /** The URIs kept of {@code uris} (see above); also applied to what an earlier version stored. */
    static List<String> boundedDestinations(List<String> uris) {
        List<String> kept = new ArrayList<>();
        int stored = -1;
        for (String uri : uris) {
            if (kept.size() == MAX_URIS) {
                break;
            }
            if (uri.length() > MAX_URI_LENGTH || !ReportText.isSafe(uri)) {
                continue;
            }
            int encoded = FieldCodec.encode(List.of(uri)).length() + 1;
            if (stored + encoded > ReportStore.DESTINATIONS_LENGTH) {
                break;
            }
            stored += encoded;
            kept.add(uri);
        }
        return List.copyOf(kept);
    }

    public ReportInterval interval() {
        return interval;
    }

    public PublishedPolicy policy() {
        return policy;
    }

    /** The rua destinations as canonical {@code mailto:} URIs, bounded, with their RFC 7489 size limit as {@code !bytes} when given. */
    public List<String> destinations() {
        return destinations;
    }

    /** The destinations as one line of text, their stored form: at most {@value ReportStore#DESTINATIONS_LENGTH} characters. */
    public String encodedDestinations() {
        return FieldCodec.encode(destinations);
    }

    /** The destinations {@link #encodedDestinations()} wrote, bounded again as above (a store may hold an earlier version's). */
    public static List<String> decodeDestinations(String text) {
        return boundedDestinations(FieldCodec.decode(text));
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
