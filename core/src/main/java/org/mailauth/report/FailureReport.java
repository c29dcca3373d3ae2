package org.mailauth.report;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.mailauth.dmarc.DmarcRecord;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.IdentifierAlignment;
import org.mailauth.dmarc.IdentifierAlignment.Aligned;
import org.mailauth.results.FieldText;

/**
 * A DMARC failure report (RFC 9991 §2, §4; the ARF format of RFC 5965 with the auth-failure extension of RFC 6591):
 * {@code multipart/report; report-type=feedback-report} with a human-readable part, a {@code message/feedback-report}
 * part ({@code Feedback-Type: auth-failure}, {@code Auth-Failure: dmarc}, {@code Identity-Alignment}) and the
 * header fields of the failed message only ({@code text/rfc822-headers}), never its body.
 */
public final class FailureReport {

    private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private FailureReport() {
    }

    /**
     * Whether the record's {@code fo} asks for a report about this result (RFC 9989 §4.7): {@code 0} when no aligned
     * identifier passed, {@code 1} when any mechanism did not give an aligned pass, {@code d} when a DKIM signature
     * failed, {@code s} when SPF failed. Never for records with {@code psd=y} (RFC 9991 §2) or without {@code ruf}.
     */
    public static boolean requested(DmarcResult result) {
        if (result.record().isEmpty() || result.record().get().failureUris().isEmpty()
            || result.record().get().publicSuffix() == DmarcRecord.PublicSuffixFlag.YES
            || result.code() != DmarcResult.Code.FAIL && result.code() != DmarcResult.Code.PASS) {
            return false;
        }
        Set<String> options = result.record().get().failureOptions();
        boolean spfAlignedPass = result.spf().map(spf -> spf.aligned() == Aligned.YES).orElse(false);
        boolean dkimAlignedPass = result.dkim().stream().anyMatch(dkim -> dkim.aligned() == Aligned.YES);
        if (options.contains("0") && result.code() == DmarcResult.Code.FAIL) {
            return true;
        }
        if (options.contains("1") && (!spfAlignedPass || !dkimAlignedPass)) {
            return true;
        }
        if (options.contains("d") && result.dkim().stream().anyMatch(dkim -> dkim.result().equals("fail"))) {
            return true;
        }
        return options.contains("s") && result.spf().map(spf -> spf.result().equals("fail")).orElse(false);
    }

    /**
     * The report message, CRLF line ends. {@code originalHeader} is the header section of the failed message as
     * received (its fields, CRLF-separated); {@code authenticationResults} our field's value.
     */
    public static byte[] message(DmarcResult result, String reporter, String from, String to, String originalHeader,
                                 InetAddress sourceIp, String mailFrom, String authenticationResults, Instant arrival) {
        Objects.requireNonNull(result);
        String domain = result.authorDomain().orElse("");
        String boundary = "mailauth-" + UUID.randomUUID();
        List<String> failed = new ArrayList<>();
        if (result.dkim().stream().noneMatch(dkim -> dkim.aligned() == Aligned.YES)) {
            failed.add("dkim");
        }
        if (result.spf().map(spf -> spf.aligned() != Aligned.YES).orElse(true)) {
            failed.add("spf");
        }
        StringBuilder text = new StringBuilder()
            .append("From: ").append(from).append("\r\n")
            .append("To: ").append(to).append("\r\n")
            .append("Subject: DMARC failure report for ").append(domain).append(" from ").append(sourceIp.getHostAddress()).append("\r\n")
            .append("Date: ").append(RFC5322_DATE.format(arrival)).append("\r\n")
            .append("Message-ID: <").append(UUID.randomUUID()).append("@").append(reporter).append(">\r\n")
            .append("MIME-Version: 1.0\r\n")
            .append("Content-Type: multipart/report; report-type=feedback-report;\r\n\tboundary=\"").append(boundary).append("\"\r\n")
            .append("\r\n")
            .append("--").append(boundary).append("\r\n")
            .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n")
            .append("This is a DMARC failure report (RFC 9991) from ").append(reporter).append(" for ").append(domain)
            .append(": a message from ").append(sourceIp.getHostAddress()).append(" with From domain ").append(domain)
            .append(" did not pass DMARC (").append(failed.isEmpty() ? "all identifiers aligned" : String.join(", ", failed) + " not aligned")
            .append("). Its header fields follow; its body is not included.\r\n\r\n")
            .append("--").append(boundary).append("\r\n")
            .append("Content-Type: message/feedback-report\r\n\r\n")
            .append("Feedback-Type: auth-failure\r\n")
            .append("User-Agent: mailauth\r\n")
            .append("Version: 1\r\n")
            .append("Auth-Failure: dmarc\r\n")
            .append("Identity-Alignment: ").append(failed.isEmpty() ? "none" : String.join(", ", failed)).append("\r\n")
            .append("Original-Mail-From: <").append(FieldText.value(mailFrom)).append(">\r\n")
            .append("Arrival-Date: ").append(RFC5322_DATE.format(arrival)).append("\r\n")
            .append("Source-IP: ").append(sourceIp.getHostAddress()).append("\r\n")
            .append("Reported-Domain: ").append(domain).append("\r\n")
            .append("Authentication-Results: ").append(authenticationResults.replaceAll("\r\n[ \t]+", " ")).append("\r\n");
        for (IdentifierAlignment dkim : result.dkim()) {
            if (dkim.result().equals("fail") && dkim.domain().equals(domain)) {
                text.append("DKIM-Domain: ").append(dkim.domain()).append("\r\n");
                dkim.selector().ifPresent(selector -> text.append("DKIM-Selector: ").append(FieldText.value(selector)).append("\r\n"));
            }
        }
        text.append("\r\n")
            .append("--").append(boundary).append("\r\n")
            .append("Content-Type: text/rfc822-headers\r\n\r\n")
            .append(originalHeader.endsWith("\r\n") ? originalHeader : originalHeader + "\r\n")
            .append("\r\n")
            .append("--").append(boundary).append("--\r\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
