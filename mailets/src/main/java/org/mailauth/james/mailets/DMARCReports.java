package org.mailauth.james.mailets;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.james.verdicts.DmarcVerdicts;
import org.mailauth.james.verdicts.SmtpFacts;
import org.mailauth.report.Observation;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each DMARC-evaluated inbound mail for the aggregate reports (RFC 9990): its row (source IP, identifiers,
 * SPF and DKIM results, evaluation, disposition) is counted in the report of its policy domain and interval, when
 * the domain's record asks for reports ({@code rua}). The row goes to an in-memory buffer that the report scheduler
 * writes to the report store: this mailet never waits for the database and never fails a mail. Mail James wrote
 * itself and outbound mail are not recorded. Place it after the DMARC evaluation, on inbound mail.
 */
public final class DMARCReports extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCReports.class);

    private final DmarcVerdicts verdicts;
    private final ReportCollector collector;
    private final ReportingSettings reporting;
    private final DmarcSettings dmarc;
    private final Clock clock;

    @Inject
    public DMARCReports(DmarcVerdicts verdicts, ReportCollector collector, ReportingSettings reporting, DmarcSettings dmarc, Clock clock) {
        this.verdicts = verdicts;
        this.collector = collector;
        this.reporting = reporting;
        this.dmarc = dmarc;
        this.clock = clock;
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
            Optional<DmarcResult> result = verdicts.of(mail);
            if (result.isEmpty()) {
                return;
            }
            SmtpFacts facts = SmtpFacts.of(mail);
            if (facts.clientIp().isEmpty()) {
                return;
            }
            Optional<String> envelopeFrom = mail.getMaybeSender().asOptional().map(MailAddress::getDomain).map(Object::toString);
            Optional<String> envelopeTo = mail.getRecipients().stream().findFirst().map(MailAddress::getDomain).map(Object::toString);
            Optional<Observation> observation = Observation.of(result.get(), dmarc.mode(),
                ReportInterval.containing(clock.instant(), reporting.interval()), facts.clientIp().get().getHostAddress(), envelopeFrom,
                envelopeTo);
            if (observation.isPresent() && !collector.record(observation.get())) {
                LOGGER.warn("DMARCReports: the report buffer is full (the report store is unreachable?); mail {} not counted",
                    mail.getName());
            }
        } catch (RuntimeException e) {
            LOGGER.error("DMARCReports: mail {} could not be recorded", mail.getName(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mailauth DMARCReports (RFC 9990 aggregate report collection)";
    }
}
