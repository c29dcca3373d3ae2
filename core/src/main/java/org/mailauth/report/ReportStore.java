package org.mailauth.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What aggregate reporting (RFC 9990) needs of a store shared by every node of a cluster: counted rows per policy
 * domain and interval, one delivery per (report, destination) that one node at a time claims with a lease, the
 * deliveries' outcome, the suppression list and the counts the daily cap reads. The JDBC implementation is
 * {@code org.mailauth.report.jdbc.JdbcReportStore} (module report-jdbc); see docs/architecture.md (Reports).
 *
 * <p>What an observation holds is bounded when it is made ({@link Observation}, {@link AggregateRow},
 * {@link PublishedPolicy}) so that it fits the lengths below; a store holds values of at least these lengths.
 */
public interface ReportStore {

    /** The longest policy domain (a domain: RFC 1035 §2.3.4). */
    int POLICY_DOMAIN_LENGTH = 255;
    /** The longest published policy in its stored form ({@link PublishedPolicy#encoded()}). */
    int POLICY_LENGTH = 2000;
    /** The longest list of rua destinations in its stored form ({@link Observation#encodedDestinations()}). */
    int DESTINATIONS_LENGTH = 8000;
    /** The longest row in its stored form ({@link AggregateRow#encoded()}). */
    int ROW_DATA_LENGTH = 16000;
    /** The longest destination URI of one delivery. */
    int DESTINATION_LENGTH = 1000;
    /** The longest Report-ID ({@link ReportDelivery#reportId(long, String)}). */
    int REPORT_ID_LENGTH = 200;

    /** A counted observation the store refused for good: not written, and not worth trying again. */
    final class Refusal {
        private final Observation observation;
        private final long messages;
        private final String reason;

        public Refusal(Observation observation, long messages, String reason) {
            this.observation = observation;
            this.messages = messages;
            this.reason = reason;
        }

        public Observation observation() {
            return observation;
        }

        /** The messages the observation counted. */
        public long messages() {
            return messages;
        }

        /** Why the store refused it (for the log). */
        public String reason() {
            return reason;
        }
    }

    /**
     * Adds counted observations. One the store refuses for good (a value it cannot hold) is left out and returned;
     * the others are written. Any other failure writes none of them and is thrown: the caller keeps them to try again.
     *
     * @return the observations refused for good, in the order given
     */
    List<Refusal> add(Map<Observation, Long> observations) throws ReportStoreException;

    /**
     * Creates the deliveries of every interval that closed by {@code now} (one per rua destination; a node that finds
     * them already created changes nothing), then claims up to {@code limit} deliveries that are pending or whose
     * claim's lease expired, for {@code node}, until {@code now + lease}.
     */
    default List<ReportDelivery> claim(String node, Instant now, Duration lease, int limit) throws ReportStoreException {
        return claim(node, now, now, lease, limit);
    }

    /**
     * As {@link #claim(String, Instant, Duration, int)}, for the intervals that closed by {@code closedBy} only (before
     * {@code now} by the grace every node needs to write the rows it counted).
     */
    List<ReportDelivery> claim(String node, Instant now, Instant closedBy, Duration lease, int limit) throws ReportStoreException;

    /** The report a delivery sends: the policy as discovered and every row with its count. */
    AggregateReportContent content(ReportDelivery delivery) throws ReportStoreException;

    /**
     * Every report the store holds, closed or still open, optionally only those of one policy domain, oldest
     * first: what {@code mailauth report preview} shows.
     */
    List<AggregateReportContent> contents(Optional<String> policyDomain) throws ReportStoreException;

    /** Records that {@code delivery} was handed to the mail system; only its claimant can. Returns false if it lost the claim. */
    boolean markSent(ReportDelivery delivery, Instant now) throws ReportStoreException;

    /**
     * Records that {@code delivery} will not be sent (destination not verified, denied, over its cap); only its
     * claimant can. Returns false if it lost the claim. The reason goes to the log, not the store.
     */
    boolean markSkipped(ReportDelivery delivery, Instant now) throws ReportStoreException;

    /** No more reports to {@code destination} (a {@code mailto:} URI, any case): its mail bounced for good. Idempotent. */
    void suppress(String destination, String reason, Instant now) throws ReportStoreException;

    /** Whether {@code destination} (a {@code mailto:} URI, any case) is on the suppression list. */
    boolean suppressed(String destination) throws ReportStoreException;

    /**
     * How many reports went to addresses in {@code domain} (lower case, A-labels) since {@code since}, from any node:
     * for the daily cap, which counts per destination domain so that varying the local part gains nothing.
     */
    long sentToDomainSince(String domain, Instant since) throws ReportStoreException;

    /** How many deliveries are in each state ({@code pending}, {@code claimed}, {@code sent}, {@code skipped}), in the order of the names. */
    Map<String, Long> deliveryStates() throws ReportStoreException;
}
