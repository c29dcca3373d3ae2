package org.mailauth.james.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.DmarcReporting;
import org.mailauth.james.verdicts.MailFacts;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each DMARC-evaluated inbound mail for the aggregate reports (RFC 9990): its row (source IP, identifiers,
 * SPF and DKIM results, evaluation, disposition) is counted in the report of its policy domain and interval, when
 * the domain's record asks for reports ({@code rua}). The row goes to an in-memory buffer that the report scheduler
 * writes to the report store: this mailet never waits for the database and never fails a mail. With
 * {@code reports.failure.enabled=true} it also sends failure reports (RFC 9991) when the record's {@code fo} asks,
 * to verified {@code ruf} destinations only, rate-limited per destination domain ({@link DmarcReporting}). Mail James
 * wrote itself and outbound mail are not recorded; mail the SMTP hook refused was recorded there. Place it after the
 * DMARC evaluation, on inbound mail.
 */
public final class DMARCReports extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCReports.class);

    private final Verdicts verdicts;
    private final DmarcReporting reporting;
    private final ReportCollector collector;
    private final ReportStore store;

    @Inject
    public DMARCReports(Verdicts verdicts, DmarcReporting reporting, ReportCollector collector, ReportStore store) {
        this.verdicts = verdicts;
        this.reporting = reporting;
        this.collector = collector;
        this.store = store;
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
            Optional<Authentication> authentication = verdicts.of(mail);
            if (authentication.isPresent()) {
                reporting.record(mail, MailFacts.of(mail), authentication.get());
            }
        } catch (RuntimeException e) {
            LOGGER.error("DMARCReports: mail {} could not be recorded", mail.getName(), e);
        }
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
