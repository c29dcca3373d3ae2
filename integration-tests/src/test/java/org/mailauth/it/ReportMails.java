package org.mailauth.it;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.mailauth.testkit.smtp.SmtpSink;

/** Reading the aggregate report mail the SMTP sink received (RFC 9990 §3.5.2): its gzip XML attachment and counts. */
final class ReportMails {

    private ReportMails() {
    }

    /** The decompressed XML of each report mail {@code sink} received for {@code destination}. */
    static List<String> reportsTo(SmtpSink sink, String destination) {
        return sink.received().stream().filter(mail -> mail.recipients.contains(destination)).map(mail -> xml(mail.data))
            .collect(Collectors.toList());
    }

    /** The messages the reports count, in all. */
    static long total(List<String> xmls) {
        long total = 0;
        for (String xml : xmls) {
            Matcher counts = Pattern.compile("<count>(\\d+)</count>").matcher(xml);
            while (counts.find()) {
                total += Long.parseLong(counts.group(1));
            }
        }
        return total;
    }

    /** The first group of {@code regex} in {@code text}, or "". */
    static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** The gzip attachment of a report mail, decompressed; its file name is the RFC 9990 one. */
    static String xml(String data) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(data.getBytes(StandardCharsets.ISO_8859_1)));
            MimeMultipart parts = (MimeMultipart) message.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.getFileName() != null && part.getFileName().endsWith(".xml.gz")) {
                    try (InputStream in = new GZIPInputStream(part.getInputStream())) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            throw new AssertionError("no .xml.gz attachment in\n" + data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
