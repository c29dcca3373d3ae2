package org.mailauth.report.received;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mailauth.message.HeaderSection;
import org.mailauth.message.MimeEntity;
import org.mailauth.results.FieldText;

/**
 * Recognises a feedback report (RFC 5965 §2: a multipart/report with report-type=feedback-report, or any message
 * carrying a message/feedback-report part, as some reporters label it loosely) and reads its fields.
 */
public final class FailureReportReader {

    /** The report in {@code message}, or empty when it carries no message/feedback-report part. */
    public Optional<ReceivedFailureReport> read(MimeEntity message) {
        Optional<MimeEntity> feedback = message.all().stream()
            .filter(part -> part.type().mimeType().equals("message/feedback-report")).findFirst();
        if (feedback.isEmpty()) {
            return Optional.empty();
        }
        HeaderSection fields = feedback.get().bodyAsHeaderSection();
        Optional<HeaderSection> original = message.all().stream()
            .filter(part -> part.type().mimeType().equals("message/rfc822") || part.type().mimeType().equals("text/rfc822-headers"))
            .findFirst().map(MimeEntity::bodyAsHeaderSection);
        List<String> domains = new ArrayList<>();
        fields.values("Reported-Domain").forEach(value -> domains.add(clean(value).toLowerCase(Locale.ROOT)));
        int incidents = first(fields, "Incidents").filter(text -> text.matches("[0-9]{1,9}")).map(Integer::parseInt).orElse(1);
        return Optional.of(new ReceivedFailureReport(first(fields, "Feedback-Type").orElse("").toLowerCase(Locale.ROOT),
            first(fields, "Auth-Failure").map(text -> text.toLowerCase(Locale.ROOT)), domains,
            first(fields, "Source-IP").map(FailureReportReader::withoutComment),
            first(fields, "Arrival-Date"), first(fields, "Original-Mail-From"), first(fields, "Delivery-Result"),
            first(fields, "DKIM-Domain"), first(fields, "User-Agent"), incidents,
            original.flatMap(headers -> first(headers, "From")), original.flatMap(headers -> first(headers, "Subject"))));
    }

    /** An address field's value without the comment after it (RFC 5965 §3.2 allows CFWS): "192.0.2.1 (host)". */
    private static String withoutComment(String value) {
        int comment = value.indexOf('(');
        return (comment < 0 ? value : value.substring(0, comment)).trim();
    }

    private static Optional<String> first(HeaderSection section, String name) {
        return section.values(name).stream().findFirst().map(FailureReportReader::clean).filter(text -> !text.isEmpty());
    }

    /** One line, outside text made safe to show (issue 21's FieldText), at most 256 characters. */
    private static String clean(String value) {
        return FieldText.value(value.replaceAll("\\r?\\n[ \\t]+", " ").trim());
    }

}
