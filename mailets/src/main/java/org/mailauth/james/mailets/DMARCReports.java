package org.mailauth.james.mailets;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.MailFacts;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.FailureReportSender;
import org.mailauth.report.MailtoAddress;
import org.mailauth.report.Observation;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportStore;
import org.mailauth.report.ReportingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each DMARC-evaluated inbound mail for the aggregate reports (RFC 9990): its row (source IP, identifiers,
 * SPF and DKIM results, evaluation, disposition) is counted in the report of its policy domain and interval, when
 * the domain's record asks for reports ({@code rua}). The row goes to an in-memory buffer that the report scheduler
 * writes to the report store: this mailet never waits for the database and never fails a mail. With
 * {@code reports.failure.enabled=true} it also sends failure reports (RFC 9991) when the record's {@code fo} asks,
 * to verified {@code ruf} destinations only, rate-limited per destination domain: core's {@link FailureReportSender}
 * decides and writes them, this mailet hands them to James. Mail James wrote itself and outbound mail are not
 * recorded. Place it after the DMARC evaluation, on inbound mail.
 */
public final class DMARCReports extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCReports.class);

    private final Verdicts verdicts;
    private final ReportCollector collector;
    private final ReportingSettings reporting;
    private final DmarcSettings dmarc;
    private final Clock clock;
    private final ReportStore store;
    private final FailureReportSender failureReports;

    @Inject
    public DMARCReports(Verdicts verdicts, ReportCollector collector, ReportingSettings reporting, DmarcSettings dmarc, Clock clock,
                        DestinationVerification verification, FailureReportLimiter limiter, ReportStore store) {
        this.store = store;
        this.verdicts = verdicts;
        this.collector = collector;
        this.reporting = reporting;
        this.dmarc = dmarc;
        this.clock = clock;
        this.failureReports = new FailureReportSender(reporting, verification, limiter,
            (report, to) -> sendReport(report, reportingAddress(), to), clock, this::reportingAddress, FailureReportSender.DEFAULT_WAIT);
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
            if (failureReports.requested(result.get())) {
                failureReports.send(mail.getName(), result.get(), facts.smtpFacts().orElseThrow(), headerSection(mail),
                    authenticationResults(mail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MessagingException e) {
            LOGGER.warn("DMARCReports: no failure report about mail {}: its header could not be read: {}", mail.getName(), e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.error("DMARCReports: mail {} could not be recorded", mail.getName(), e);
        }
    }

    /** reports.from, else James's postmaster (known once James has started, not yet when this mailet is made). */
    private String reportingAddress() {
        return reporting.from().isEmpty() ? getMailetContext().getPostmaster().asString() : reporting.from();
    }

    /** A failure report, to James's reading of the verified address only ({@link ReportRecipient}). */
    private void sendReport(byte[] report, String from, MailtoAddress to) throws MessagingException {
        MailAddress recipient = ReportRecipient.of(to);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(report));
        getMailetContext().sendMail(new MailAddress(from), List.of(recipient), message);
    }

    /** Our Authentication-Results field, the topmost one (the AuthenticationResults mailet adds it first); "" when none. */
    private static String authenticationResults(Mail mail) throws MessagingException {
        String[] fields = mail.getMessage().getHeader("Authentication-Results");
        return fields == null ? "" : fields[0];
    }

    private static String headerSection(Mail mail) throws MessagingException {
        StringBuilder header = new StringBuilder();
        Enumeration<String> lines = mail.getMessage().getAllHeaderLines();
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
