package org.mailauth.james.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.report.DeliveryStatus;
import org.mailauth.report.ReportStore;
import org.mailauth.report.ReportingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the report suppression list: a delivery status notification (RFC 3464) addressed to the reporting address
 * ({@code reports.from}) that says a recipient failed for good puts {@code mailto:<that recipient>} on the list,
 * and no report goes there again. Other mail passes untouched; nothing here fails a mail. Place it on inbound mail,
 * and make sure the reporting address is a mailbox or alias James accepts, or the bounces never arrive.
 */
public final class DMARCReportBounces extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCReportBounces.class);

    private final ReportStore store;
    private final ReportingSettings reporting;
    private final Clock clock;

    @Inject
    public DMARCReportBounces(ReportStore store, ReportingSettings reporting, Clock clock) {
        this.store = store;
        this.reporting = reporting;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters.of(this, Set.of());
    }

    @Override
    public void service(Mail mail) {
        try {
            String from = reporting.from().isEmpty() ? getMailetContext().getPostmaster().asString() : reporting.from();
            boolean toReportingAddress = mail.getRecipients().stream().map(MailAddress::asString).anyMatch(from::equalsIgnoreCase);
            if (!toReportingAddress || !mail.getMessage().isMimeType("multipart/report")) {
                return;
            }
            MimeMultipart parts = (MimeMultipart) mail.getMessage().getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                    for (String recipient : DeliveryStatus.permanentlyFailed(text(part))) {
                        store.suppress("mailto:" + recipient, "bounced: mail " + mail.getName(), clock.instant());
                        LOGGER.info("DMARCReportBounces: {} bounced a report; no more reports go there", recipient);
                    }
                }
            }
        } catch (Exception e) {
            LOGGER.warn("DMARCReportBounces: mail {} could not be read as a report bounce: {}", mail.getName(), e.toString());
        }
    }

    private static String text(BodyPart part) throws IOException, MessagingException {
        Object content = part.getContent();
        if (content instanceof String) {
            return (String) content;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mailauth DMARCReportBounces (report suppression list)";
    }
}
