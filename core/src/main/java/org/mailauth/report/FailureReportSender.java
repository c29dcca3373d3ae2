package org.mailauth.report;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.ReportUri;
import org.mailauth.inbound.SmtpFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure reports (RFC 9991) about one message, beside {@link AggregateReportSender}. With
 * {@code reports.failure.enabled} and when the record's {@code fo} asks ({@link FailureReport#requested}), one report
 * goes to each of the record's {@code ruf} destinations ({@link ReportDestinations}: plain {@code mailto:} addresses,
 * each once, at most {@value ReportDestinations#MAX_PER_RECORD}) that is verified ({@link DestinationVerification},
 * RFC 9991 §5) and under the rate limit of its domain ({@link FailureReportLimiter}, RFC 9991 §2 and §8.1). The report
 * carries the header section only ({@link FailureReport#message}). A destination that cannot have its report costs
 * the others nothing: the reason goes to the log, and nothing here fails the message.
 *
 * <p>The caller's thread waits for the destinations' verification (DNS), all of them at once and together at most
 * {@code wait}: a destination not verified by then gets no report.
 */
public final class FailureReportSender {

    /** The longest a message waits for its destinations' verification unless told otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /**
     * Hands a failure report to the mail system, from the reporting address to {@code to} exactly as parsed: an
     * implementation must refuse an address its own mail system would read differently rather than send it elsewhere.
     */
    @FunctionalInterface
    public interface Transport {
        /** {@code message}: the whole report, an RFC 5322 message with CRLF line ends. */
        void send(byte[] message, MailtoAddress to) throws Exception;
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(FailureReportSender.class);

    private final ReportingSettings settings;
    private final DestinationVerification verification;
    private final FailureReportLimiter limiter;
    private final Transport transport;
    private final Clock clock;
    private final Supplier<String> reportingAddress;
    private final Duration wait;

    /**
     * {@code reportingAddress}: the reports' From (reports.from, else the postmaster), asked for when a report is
     * written: a mail server may know its postmaster only once it has started.
     */
    public FailureReportSender(ReportingSettings settings, DestinationVerification verification, FailureReportLimiter limiter,
                               Transport transport, Clock clock, Supplier<String> reportingAddress, Duration wait) {
        this.settings = Objects.requireNonNull(settings);
        this.verification = Objects.requireNonNull(verification);
        this.limiter = Objects.requireNonNull(limiter);
        this.transport = Objects.requireNonNull(transport);
        this.clock = Objects.requireNonNull(clock);
        this.reportingAddress = Objects.requireNonNull(reportingAddress);
        this.wait = Objects.requireNonNull(wait);
    }

    /** Whether failure reports are on and {@code result}'s record asks for one about it (RFC 9989 §4.7). */
    public boolean requested(DmarcResult result) {
        return settings.failureReports() && FailureReport.requested(result);
    }

    /**
     * Sends the failure reports {@code result} asks for, when {@link #requested}.
     *
     * @param mailName the message's name, for the log
     * @param smtp how the message arrived: its source IP and MAIL FROM go into the report
     * @param headerSection the message's header fields as received, CRLF-separated: the report carries them, never the body
     * @param authenticationResults our Authentication-Results field's value, or "" when none
     * @return the destinations whose report was handed to the transport, in the record's order
     */
    public List<MailtoAddress> send(String mailName, DmarcResult result, SmtpFacts smtp, String headerSection,
                                    String authenticationResults) throws InterruptedException {
        if (!requested(result)) {
            return List.of();
        }
        String policyDomain = result.policyDomain().orElse("");
        List<ReportUri> uris = result.record().map(record -> record.failureUris()).orElse(List.of());
        List<MailtoAddress> destinations = ReportDestinations.of(uris);
        List<CompletableFuture<DestinationVerification.Outcome>> verifications = new ArrayList<>();
        for (MailtoAddress destination : destinations) {
            verifications.add(verified(policyDomain, destination));
        }
        awaitAll(verifications);
        List<MailtoAddress> sent = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            MailtoAddress destination = destinations.get(i);
            try {
                DestinationVerification.Outcome verified = outcome(verifications.get(i));
                if (verified.address().isEmpty()) {
                    LOGGER.info("mailauth: no failure report to {}: {} (RFC 9991 §5)", destination, verified.reason());
                    continue;
                }
                if (!limiter.tryAcquire(destination.domain())) {
                    LOGGER.debug("mailauth: failure report to {} over the hourly limit of its domain", destination);
                    continue;
                }
                MailtoAddress to = verified.address().get();
                byte[] report = FailureReport.message(result, settings.organization(), reportingAddress.get(), to.address(), headerSection,
                    smtp.clientIp(), smtp.mailFrom(), authenticationResults, clock.instant());
                transport.send(report, to);
                sent.add(to);
                LOGGER.info("mailauth: sent a failure report about mail {} to {}", mailName, to.address());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOGGER.warn("mailauth: no failure report to {} about mail {}: {}", destination, mailName, e.getMessage());
            }
        }
        return sent;
    }

    private CompletableFuture<DestinationVerification.Outcome> verified(String policyDomain, MailtoAddress destination) {
        try {
            return verification.check(policyDomain, destination.uri()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for every verification together, at most {@link #wait}; those not done by then stay undone. */
    private void awaitAll(List<CompletableFuture<DestinationVerification.Outcome>> verifications) throws InterruptedException {
        try {
            CompletableFuture.allOf(verifications.toArray(new CompletableFuture<?>[0])).get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Read one by one below: a failed or unfinished verification costs its own destination only.
        }
    }

    private DestinationVerification.Outcome outcome(CompletableFuture<DestinationVerification.Outcome> verification) throws Exception {
        if (!verification.isDone()) {
            verification.cancel(false);
            throw new TimeoutException("its verification (DNS) did not answer within " + wait.toMillis() + " ms");
        }
        try {
            return verification.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }
}
