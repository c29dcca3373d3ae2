package org.mailauth.james.mailets;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dmarc.ReportUri;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.MailFacts;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReport;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.ReportStore;
import org.mailauth.report.MailtoAddress;
import org.mailauth.report.Observation;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportDestinations;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each DMARC-evaluated inbound mail for the aggregate reports (RFC 9990): its row (source IP, identifiers,
 * SPF and DKIM results, evaluation, disposition) is counted in the report of its policy domain and interval, when
 * the domain's record asks for reports ({@code rua}). The row goes to an in-memory buffer that the report scheduler
 * writes to the report store: this mailet never waits for the database and never fails a mail. With
 * {@code reports.failure.enabled=true} it also sends failure reports (RFC 9991) when the record's {@code fo} asks,
 * to verified {@code ruf} destinations only, rate-limited per destination domain. Mail James wrote
 * itself and outbound mail are not recorded. Place it after the DMARC evaluation, on inbound mail.
 */
public final class DMARCReports extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCReports.class);

    private final Verdicts verdicts;
    private final ReportCollector collector;
    private final ReportingSettings reporting;
    private final DmarcSettings dmarc;
    private final Clock clock;
    private final DestinationVerification verification;
    private final FailureReportLimiter limiter;
    private final ReportStore store;

    @Inject
    public DMARCReports(Verdicts verdicts, ReportCollector collector, ReportingSettings reporting, DmarcSettings dmarc, Clock clock,
                        DestinationVerification verification, FailureReportLimiter limiter, ReportStore store) {
        this.store = store;
        this.verdicts = verdicts;
        this.collector = collector;
        this.reporting = reporting;
        this.dmarc = dmarc;
        this.clock = clock;
        this.verification = verification;
        this.limiter = limiter;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters.of(this, Set.of());
    }

    @Override
    public void service(Mail mail) {
        if (!reporting.enabled()) {
            return;
        }
        try {
            Optional<DmarcResult> result = verdicts.of(mail).map(Authentication::dmarc);
            if (result.isEmpty()) {
                return;
            }
            MailFacts facts = MailFacts.of(mail);
            if (facts.clientIp().isEmpty()) {
                return;
            }
            Optional<String> envelopeFrom = mail.getMaybeSender().asOptional().map(address -> address.getDomain().asString());
            Optional<String> envelopeTo = mail.getRecipients().stream().findFirst().map(address -> address.getDomain().asString());
            Optional<Observation> observation = Observation.of(result.get(), dmarc.mode(),
                ReportInterval.containing(clock.instant(), reporting.interval()), facts.clientIp().get().getHostAddress(), envelopeFrom,
                envelopeTo);
            if (observation.isPresent() && !collector.record(observation.get())) {
                LOGGER.warn("DMARCReports: the report buffer is full (the report store is unreachable?); mail {} not counted",
                    mail.getName());
            }
            if (reporting.failureReports() && FailureReport.requested(result.get())) {
                sendFailureReports(mail, result.get(), facts);
            }
        } catch (RuntimeException e) {
            LOGGER.error("DMARCReports: mail {} could not be recorded", mail.getName(), e);
        }
    }

    /** RFC 9991: to each verified ruf destination ({@link ReportDestinations}), at most the configured number per hour. */
    private void sendFailureReports(Mail mail, DmarcResult result, MailFacts facts) {
        String policyDomain = result.policyDomain().orElse("");
        List<ReportUri> uris = result.record().map(record -> record.failureUris()).orElse(List.of());
        for (MailtoAddress destination : ReportDestinations.of(uris)) {
            try {
                DestinationVerification.Outcome verified = verification.check(policyDomain, destination.uri()).toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
                if (verified.address().isEmpty()) {
                    LOGGER.info("DMARCReports: no failure report to {}: {} (RFC 9991 §5)", destination, verified.reason());
                    continue;
                }
                if (!limiter.tryAcquire(destination.domain())) {
                    LOGGER.debug("DMARCReports: failure report to {} over the hourly limit of its domain", destination);
                    continue;
                }
                MailAddress to = ReportRecipient.of(verified.address().get());
                String from = reporting.from().isEmpty() ? getMailetContext().getPostmaster().asString() : reporting.from();
                String[] ours = mail.getMessage().getHeader("Authentication-Results");
                byte[] report = FailureReport.message(result, reporting.organization(), from, to.asString(), headerSection(mail),
                    facts.clientIp().orElseThrow(), facts.mailFrom(), ours == null ? "" : ours[0], clock.instant());
                javax.mail.internet.MimeMessage message = new javax.mail.internet.MimeMessage(
                    javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(report));
                getMailetContext().sendMail(new MailAddress(from), List.of(to), message);
                LOGGER.info("DMARCReports: sent a failure report about mail {} to {}", mail.getName(), to);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                LOGGER.warn("DMARCReports: no failure report to {} about mail {}: {}", destination, mail.getName(), e.getMessage());
            }
        }
    }

    private static String headerSection(Mail mail) throws MessagingException {
        StringBuilder header = new StringBuilder();
        java.util.Enumeration<String> lines = mail.getMessage().getAllHeaderLines();
        while (lines.hasMoreElements()) {
            header.append(lines.nextElement()).append("\r\n");
        }
        return header.toString();
    }

    /** James is stopping: what the buffer still holds goes to the store now, so a restart loses no count. */
    @Override
    public void destroy() {
        try {
            long written = collector.flush(store);
            if (written > 0) {
                LOGGER.info("DMARCReports: {} buffered report rows written at shutdown", written);
            }
        } catch (Exception e) {
            LOGGER.error("DMARCReports: {} report messages could not be written at shutdown and are lost: {}", collector.pendingMessages(),
                e.getMessage());
        }
    }

    @Override
    public String getMailetInfo() {
        return "mailauth DMARCReports (RFC 9990 aggregate report collection)";
    }
}
