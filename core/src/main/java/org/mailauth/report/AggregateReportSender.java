package org.mailauth.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.results.FieldText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's part in sending aggregate reports (RFC 9990): write the buffered rows to the store, claim the reports
 * of closed intervals (one node per report), and for each claimed report check its destination — a verified
 * {@code mailto:} (RFC 9990 §3), not denied, under its daily cap — then hand it to the transport and mark it sent.
 * A report that must not go is marked skipped, with the reason in the log. Run it periodically; failures are
 * logged and retried at the next round.
 */
public final class AggregateReportSender {

    /**
     * Hands a report to the mail system, addressed to {@code to} exactly as parsed: an implementation must refuse an
     * address its own mail system would read differently rather than send it elsewhere.
     */
    @FunctionalInterface
    public interface Transport {
        void send(AggregateReport report, MailtoAddress to) throws Exception;

        /**
         * Sends the short error report of RFC 7489 §7.2.2 instead of a report too large for its destination's size
         * limit ({@code text} holds its fields). By default nothing is sent.
         */
        default void sendError(AggregateReport report, String text, MailtoAddress to) throws Exception {
        }
    }

    /** What one round did. */
    public static final class Round {
        public final long written;
        public final int sent;
        public final int skipped;
        public final boolean failed;

        Round(long written, int sent, int skipped, boolean failed) {
            this.written = written;
            this.sent = sent;
            this.skipped = skipped;
            this.failed = failed;
        }
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(AggregateReportSender.class);
    private static final int CLAIM_LIMIT = 50;
    private static final int OUTAGE_REMINDER = 60;

    private final ReportStore store;
    private final ReportCollector collector;
    private final ReportingSettings settings;
    private final DestinationVerification verification;
    private final Transport transport;
    private final Clock clock;
    private final String node;
    private final String reportingAddress;
    /** Consecutive failed writes: an outage is logged when it starts, every {@link #OUTAGE_REMINDER} rounds, and when it ends. */
    private int storeFailures;
    /**
     * Back from an outage of the store, this node claims nothing before this instant: the other nodes write the rows
     * they kept at their next poll, and the intervals they belong to may have closed long ago.
     */
    private Instant claimsResume = Instant.MIN;

    public AggregateReportSender(ReportStore store, ReportCollector collector, ReportingSettings settings,
                                 DestinationVerification verification, Transport transport, Clock clock, String node,
                                 String reportingAddress) {
        this.store = Objects.requireNonNull(store);
        this.collector = Objects.requireNonNull(collector);
        this.settings = Objects.requireNonNull(settings);
        this.verification = Objects.requireNonNull(verification);
        this.transport = Objects.requireNonNull(transport);
        this.clock = Objects.requireNonNull(clock);
        this.node = Objects.requireNonNull(node);
        this.reportingAddress = Objects.requireNonNull(reportingAddress);
    }

    public Round runOnce() {
        long written;
        try {
            written = collector.flush(store);
        } catch (ReportStoreException | RuntimeException e) {
            storeFailures++;
            if (storeFailures == 1 || storeFailures % OUTAGE_REMINDER == 0) {
                LOGGER.warn("mailauth: report rows could not be written ({} messages kept, {} dropped so far; {} failed attempts): {}",
                    collector.pendingMessages(), collector.dropped(), storeFailures, e.getMessage());
            }
            return new Round(0, 0, 0, true);
        }
        if (storeFailures > 0) {
            LOGGER.warn("mailauth: report rows written again after {} failed attempts ({} messages written, {} dropped)",
                storeFailures, written, collector.dropped());
            storeFailures = 0;
            claimsResume = clock.instant().plus(settings.closingGrace());
        }
        if (clock.instant().isBefore(claimsResume)) {
            return new Round(written, 0, 0, false);
        }
        int sent = 0;
        int skipped = 0;
        boolean failed = false;
        List<ReportDelivery> deliveries;
        try {
            Instant now = clock.instant();
            deliveries = store.claim(node, now, now.minus(settings.closingGrace()), settings.lease(), CLAIM_LIMIT);
        } catch (ReportStoreException | RuntimeException e) {
            LOGGER.warn("mailauth: reports could not be claimed now: {}", e.getMessage());
            return new Round(written, 0, 0, true);
        }
        for (ReportDelivery delivery : deliveries) {
            try {
                if (deliver(delivery)) {
                    sent++;
                } else {
                    skipped++;
                }
            } catch (Exception e) {
                failed = true;
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    break;
                }
                LOGGER.warn("mailauth: report {} could not be sent now; retried after the lease: {}", delivery, e.getMessage());
            }
        }
        return new Round(written, sent, skipped, failed);
    }

    private boolean deliver(ReportDelivery delivery) throws Exception {
        DestinationVerification.Outcome verified = verification.check(delivery.policyDomain(), delivery.destination())
            .toCompletableFuture().get();
        if (verified.temporary()) {
            LOGGER.info("mailauth: report {} waits: {}; retried after the lease", delivery, verified.reason());
            return false;
        }
        Optional<String> refusal = refusal(delivery, verified);
        if (refusal.isPresent()) {
            LOGGER.info("mailauth: report {} not sent: {}", delivery, refusal.get());
            store.markSkipped(delivery, clock.instant());
            return false;
        }
        MailtoAddress to = verified.address().orElseThrow();
        AggregateReport report = store.content(delivery).report(settings.organization(), reportingAddress, delivery.reportId(), "mailauth");
        java.util.OptionalLong limit = to.sizeLimit();
        if (limit.isPresent()) {
            long size = encodedSize(report);
            if (size > limit.getAsLong()) {
                LOGGER.info("mailauth: report {} is {} bytes, over its destination's limit of {}: an error report goes instead (RFC 7489 §7.2.2)",
                    delivery, size, limit.getAsLong());
                transport.sendError(report, errorReport(report, size, delivery), to);
                store.markSkipped(delivery, clock.instant());
                return false;
            }
        }
        transport.send(report, to);
        if (store.markSent(delivery, clock.instant())) {
            LOGGER.info("mailauth: sent report {} ({} messages, {} records)", delivery, report.messages(), report.rows().size());
        } else {
            LOGGER.warn("mailauth: report {} was sent after its claim expired; another node may send it too", delivery);
        }
        return true;
    }

    /** The attachment's size as sent: gzip, then base64 in 76-character lines (RFC 7489 §7.2.1.1 counts both). */
    static long encodedSize(AggregateReport report) throws java.io.IOException {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
            AggregateReportXml.write(report, gzip);
        }
        long base64 = (compressed.size() + 2) / 3 * 4L;
        return base64 + (base64 + 75) / 76 * 2;
    }

    private String errorReport(AggregateReport report, long size, ReportDelivery delivery) {
        return "Report-Date: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(java.time.ZoneOffset.UTC))
            + "\r\nReport-Domain: " + report.policy().domain()
            + "\r\nReport-ID: " + report.metadata().reportId()
            + "\r\nReport-Size: " + size
            + "\r\nSubmitter: " + settings.organization()
            + "\r\nSubmitting-URI: " + FieldText.value(delivery.destination()) + "\r\n";
    }

    private Optional<String> refusal(ReportDelivery delivery, DestinationVerification.Outcome verified) throws Exception {
        if (settings.deniedPolicyDomains().contains(delivery.policyDomain())) {
            return Optional.of("the policy domain is denied (reports.denied-policy-domains)");
        }
        if (!settings.allowedPolicyDomains().isEmpty() && !settings.allowedPolicyDomains().contains(delivery.policyDomain())) {
            return Optional.of("the policy domain is not allowed (reports.allowed-policy-domains)");
        }
        Optional<String> destinationDomain = verified.domain();
        if (destinationDomain.isEmpty()) {
            return Optional.of("the destination is not verified (RFC 9990 §4): " + verified.reason());
        }
        if (store.suppressed("mailto:" + verified.address().orElseThrow().address())) {
            return Optional.of("the destination bounced earlier reports (suppression list)");
        }
        if (settings.deniedDestinationDomains().contains(destinationDomain.get())) {
            return Optional.of("the destination domain is denied (reports.denied-destination-domains)");
        }
        if (!settings.allowedDestinationDomains().isEmpty() && !settings.allowedDestinationDomains().contains(destinationDomain.get())) {
            return Optional.of("the destination domain is not allowed (reports.allowed-destination-domains)");
        }
        Instant midnight = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (store.sentToDomainSince(destinationDomain.get(), midnight) >= settings.dailyCapPerDestination()) {
            return Optional.of("the destination domain " + destinationDomain.get() + " had " + settings.dailyCapPerDestination()
                + " reports today (reports.daily-cap-per-destination)");
        }
        return Optional.empty();
    }
}
