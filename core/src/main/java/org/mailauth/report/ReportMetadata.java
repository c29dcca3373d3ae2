package org.mailauth.report;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code report_metadata} (RFC 9990 §3.1.1): who reports, the report's id, and the interval it covers. */
public final class ReportMetadata {

    final String organization;
    final String email;
    final Optional<String> extraContactInfo;
    final String reportId;
    final Instant begin;
    final Instant end;
    final String generator;

    public ReportMetadata(String organization, String email, Optional<String> extraContactInfo, String reportId, Instant begin,
                          Instant end, String generator) {
        this.organization = Objects.requireNonNull(organization);
        this.email = Objects.requireNonNull(email);
        this.extraContactInfo = extraContactInfo;
        this.reportId = Objects.requireNonNull(reportId);
        this.begin = Objects.requireNonNull(begin);
        this.end = Objects.requireNonNull(end);
        this.generator = Objects.requireNonNull(generator);
        if (!end.isAfter(begin)) {
            throw new IllegalArgumentException("a report interval ends after it begins: " + begin + " .. " + end);
        }
    }

    public String reportId() {
        return reportId;
    }

    public Instant begin() {
        return begin;
    }

    public Instant end() {
        return end;
    }
}
