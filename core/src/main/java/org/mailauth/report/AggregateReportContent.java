package org.mailauth.report;

import java.util.Map;

/** What the store holds for one policy domain and interval: the policy as discovered and the counted rows. */
public final class AggregateReportContent {

    private final ReportInterval interval;
    private final PublishedPolicy policy;
    private final Map<AggregateRow, Long> rows;

    public AggregateReportContent(ReportInterval interval, PublishedPolicy policy, Map<AggregateRow, Long> rows) {
        this.interval = interval;
        this.policy = policy;
        this.rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }

    public ReportInterval interval() {
        return interval;
    }

    public PublishedPolicy policy() {
        return policy;
    }

    public Map<AggregateRow, Long> rows() {
        return rows;
    }

    /** The report with this receiver's metadata. */
    public AggregateReport report(String organization, String email, String reportId, String generator) {
        return new AggregateReport(new ReportMetadata(organization, email, java.util.Optional.empty(), reportId, interval.begin(),
            interval.end(), generator), policy, rows);
    }
}
