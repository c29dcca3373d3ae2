package org.mailauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.mailauth.testkit.smtp.SmtpSink;

/** The aggregate reports (RFC 9990) an SMTP sink received: one per mail, keyed by (policy domain, interval, destination). */
final class SentReports {

    /** One report mail: who it went to, what it reports on, and the messages it counts. */
    static final class Report {
        final String destination;
        final String policyDomain;
        final long begin;
        final long messages;

        Report(String destination, String policyDomain, long begin, long messages) {
            this.destination = destination;
            this.policyDomain = policyDomain;
            this.begin = begin;
            this.messages = messages;
        }

        /** (policy domain, interval, destination): what must go exactly once. */
        String key() {
            return policyDomain + " " + begin + " -> " + destination;
        }
    }

    private final List<Report> reports;

    private SentReports(List<Report> reports) {
        this.reports = List.copyOf(reports);
    }

    static SentReports of(SmtpSink sink) {
        List<Report> reports = new ArrayList<>();
        for (SmtpSink.Received mail : sink.received()) {
            String xml = xml(mail.data);
            long messages = 0;
            Matcher counts = Pattern.compile("<count>(\\d+)</count>").matcher(xml);
            while (counts.find()) {
                messages += Long.parseLong(counts.group(1));
            }
            for (String recipient : mail.recipients) {
                reports.add(new Report(recipient, first(xml, "<policy_published>\\s*<domain>([^<]+)</domain>"),
                    Long.parseLong(first(xml, "<begin>(\\d+)</begin>")), messages));
            }
        }
        return new SentReports(reports);
    }

    List<Report> all() {
        return reports;
    }

    /** The messages counted for {@code policyDomain}, over every report. */
    long messages(String policyDomain) {
        return reports.stream().filter(report -> report.policyDomain.equals(policyDomain)).mapToLong(report -> report.messages).sum();
    }

    /** How many reports went for each (policy domain, interval, destination). */
    Map<String, Long> perKey() {
        return reports.stream().collect(Collectors.groupingBy(Report::key, TreeMap::new, Collectors.counting()));
    }

    /** The reports beyond the first for each key. */
    long duplicates() {
        return perKey().values().stream().mapToLong(count -> count - 1).sum();
    }

    /** The gzip XML of a report mail, found as the MIME part whose headers say gzip; base64 decoded and inflated. */
    private static String xml(String data) {
        String[] lines = data.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].toLowerCase().startsWith("content-type: application/gzip")) {
                continue;
            }
            int body = i;
            while (body < lines.length && !lines[body].isEmpty()) {
                body++;
            }
            StringBuilder base64 = new StringBuilder();
            for (int j = body + 1; j < lines.length && !lines[j].startsWith("--"); j++) {
                base64.append(lines[j].trim());
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64.toString())))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("a mail without a gzip report:\n" + data);
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex + " in\n" + text);
        }
        return matcher.group(1);
    }
}
