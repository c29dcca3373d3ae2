package org.mailauth.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An aggregate report (RFC 9990 §3): metadata, the policy as published, and one record per distinct row with
 * its message count, in the order rows were first seen.
 */
public final class AggregateReport {

    private final ReportMetadata metadata;
    private final PublishedPolicy policy;
    private final Map<AggregateRow, Long> rows;

    public AggregateReport(ReportMetadata metadata, PublishedPolicy policy, Map<AggregateRow, Long> rows) {
        this.metadata = Objects.requireNonNull(metadata);
        this.policy = Objects.requireNonNull(policy);
        this.rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an aggregate report has at least one record (RFC 9990 §3)");
        }
    }

    public ReportMetadata metadata() {
        return metadata;
    }

    public PublishedPolicy policy() {
        return policy;
    }

    /** Each row with its message count. */
    public Map<AggregateRow, Long> rows() {
        return rows;
    }

    /** The messages the report covers. */
    public long messages() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The attachment's file name (RFC 9990 §4.3): {@code receiver!policy-domain!begin!end!id.xml.gz}. */
    public String fileName(String receiver) {
        return receiver + "!" + policy.domain + "!" + metadata.begin.getEpochSecond() + "!" + metadata.end.getEpochSecond()
            + "!" + metadata.reportId + ".xml.gz";
    }
}
