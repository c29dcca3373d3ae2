package org.mailauth.james.verdicts;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.inbound.Authentication;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.FailureReportSender;
import org.mailauth.report.MailtoAddress;
import org.mailauth.report.Observation;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportingSettings;
import org.mailauth.results.AuthservId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one authenticated inbound Mail adds to DMARC reporting: its row in the aggregate report of its policy domain and
 * interval (RFC 9990), and the failure reports its record asks for (RFC 9991; core's {@link FailureReportSender}
 * decides, this hands them to James). Used by the DMARCReports mailet for accepted mail and by the SMTP hook for the
 * mail it refuses, so that a refused message is counted once, with disposition reject. Never fails a mail.
 */
public final class DmarcReporting {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReporting.class);

    private final ReportCollector collector;
    private final ReportingSettings reporting;
    private final DmarcMode mode;
    private final Clock clock;
    private final MailetContext mailetContext;
    private final AuthservId authservId;
    private final FailureReportSender failureReports;

    /** {@code authservId}: the name of our Authentication-Results field, which failure reports carry. */
    public DmarcReporting(ReportCollector collector, ReportingSettings reporting, DmarcMode mode, Clock clock,
                          DestinationVerification verification, FailureReportLimiter limiter, MailetContext mailetContext,
                          AuthservId authservId) {
        this.authservId = authservId;
        this.collector = collector;
        this.reporting = reporting;
        this.mode = mode;
        this.clock = clock;
        this.mailetContext = mailetContext;
        this.failureReports = new FailureReportSender(reporting, verification, limiter, this::send, clock, this::reportingAddress,
            FailureReportSender.DEFAULT_WAIT);
    }

    public boolean enabled() {
        return reporting.enabled();
    }

    /** Counts the mail in its aggregate report and sends the failure reports asked for; nothing when reports are off. */
    public void record(Mail mail, MailFacts facts, Authentication authentication) {
        if (!reporting.enabled() || facts.smtpFacts().isEmpty()) {
            return;
        }
        DmarcResult result = authentication.dmarc();
        try {
            Optional<String> envelopeFrom = mail.getMaybeSender().asOptional().map(address -> address.getDomain().asString());
            Optional<String> envelopeTo = mail.getRecipients().stream().findFirst().map(address -> address.getDomain().asString());
            Optional<Observation> observation = Observation.of(result, mode, ReportInterval.containing(clock.instant(), reporting.interval()),
                facts.clientIp().orElseThrow().getHostAddress(), envelopeFrom, envelopeTo);
            if (observation.isPresent() && !collector.record(observation.get())) {
                LOGGER.warn("mailauth: the report buffer is full (the report store is unreachable?); mail {} not counted", mail.getName());
            }
            if (failureReports.requested(result)) {
                failureReports.send(mail.getName(), result, facts.smtpFacts().get(), headerSection(mail),
                    authentication.field(authservId).value());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MessagingException e) {
            LOGGER.warn("mailauth: no failure report about mail {}: its header could not be read: {}", mail.getName(), e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.error("mailauth: mail {} could not be recorded for DMARC reports", mail.getName(), e);
        }
    }

    /** reports.from, else James's postmaster (known once James has started, not yet when mailets and hooks are made). */
    private String reportingAddress() {
        return reporting.from().isEmpty() ? mailetContext.getPostmaster().asString() : reporting.from();
    }

    /** A failure report, to James's reading of the verified address only ({@link ReportRecipient}). */
    private void send(byte[] report, MailtoAddress to) throws MessagingException {
        MailAddress recipient = ReportRecipient.of(to);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(report));
        mailetContext.sendMail(new MailAddress(reportingAddress()), List.of(recipient), message);
    }

    private static String headerSection(Mail mail) throws MessagingException {
        StringBuilder header = new StringBuilder();
        Enumeration<String> lines = mail.getMessage().getAllHeaderLines();
        while (lines.hasMoreElements()) {
            header.append(lines.nextElement()).append("\r\n");
        }
        return header.toString();
    }
}
