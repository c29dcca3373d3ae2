package org.mailauth.james.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportXml;

/**
 * The mail that carries an aggregate report (RFC 9990 §4): subject {@code Report Domain: <domain> Submitter:
 * <receiver> Report-ID: <id>}, a short text, and the gzip-compressed XML as {@code receiver!domain!begin!end!id.xml.gz}.
 */
final class ReportMail {

    private ReportMail() {
    }

    /** The short error report of RFC 7489 §7.2.2, sent instead of a report over its destination's size limit. */
    static MimeMessage error(AggregateReport report, String submitter, String from, String to, String fields) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Report Domain: " + report.policy().domain() + " Submitter: " + submitter + " Report-ID: <"
            + report.metadata().reportId() + ">");
        MimeBodyPart fieldsPart = new MimeBodyPart();
        fieldsPart.setText(fields, "us-ascii");
        MimeBodyPart explanation = new MimeBodyPart();
        explanation.setText("The DMARC aggregate report above could not be sent: it is larger than the size limit of the rua URI.\r\n",
            "us-ascii");
        MimeMultipart multipart = new MimeMultipart("mixed");
        multipart.addBodyPart(fieldsPart);
        multipart.addBodyPart(explanation);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    static MimeMessage of(AggregateReport report, String submitter, String from, String to) throws MessagingException, IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            AggregateReportXml.write(report, gzip);
        }
        String domain = report.policy().domain();
        String messageId = "<" + report.metadata().reportId() + "@" + submitter + ">";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            /** RFC 9990 §3.5.2: the report id in the Message-ID lets receivers recognise a retransmission. */
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Report Domain: " + domain + " Submitter: " + submitter + " Report-ID: <" + report.metadata().reportId() + ">");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("This is a DMARC aggregate report (RFC 9990) from " + submitter + " for " + domain + ", covering "
            + report.metadata().begin() + " to " + report.metadata().end() + ": " + report.messages() + " messages.\r\n", "us-ascii");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new javax.activation.DataHandler(new ByteArrayDataSource(compressed.toByteArray(), "application/gzip")));
        attachment.setFileName(report.fileName(submitter));
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart multipart = new MimeMultipart("mixed");
        multipart.addBodyPart(text);
        multipart.addBodyPart(attachment);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }
}
