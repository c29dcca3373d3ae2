package org.mailauth.report;

import java.time.Instant;
import java.util.Objects;

/** One report to send: a policy domain's aggregate report for one interval to one destination, claimed by a node. */
public final class ReportDelivery {

    private final String policyDomain;
    private final Instant intervalBegin;
    private final String destination;
    private final String reportId;
    private final String node;

    public ReportDelivery(String policyDomain, Instant intervalBegin, String destination, String reportId, String node) {
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.intervalBegin = Objects.requireNonNull(intervalBegin);
        this.destination = Objects.requireNonNull(destination);
        this.reportId = Objects.requireNonNull(reportId);
        this.node = Objects.requireNonNull(node);
    }

    /**
     * The Report-ID of a policy domain's report for the interval beginning at {@code begin} (RFC 9990 §3.5.1, unique
     * among the reports on one policy domain): {@code <begin>.<policy domain>}, cut to
     * {@value ReportStore#REPORT_ID_LENGTH} characters when the domain is long (the begin keeps it unique), without a
     * trailing dot, so that it stays a dot-atom-text.
     */
    public static String reportId(long begin, String policyDomain) {
        String id = begin + "." + policyDomain;
        if (id.length() <= ReportStore.REPORT_ID_LENGTH) {
            return id;
        }
        id = id.substring(0, ReportStore.REPORT_ID_LENGTH);
        while (id.endsWith(".")) {
            id = id.substring(0, id.length() - 1);
        }
        return id;
    }

    public String policyDomain() {
        return policyDomain;
    }

    public Instant intervalBegin() {
        return intervalBegin;
    }

    /** The rua URI, e.g. mailto:dmarc@example.com. */
    public String destination() {
        return destination;
    }

    /** Unique per report (RFC 9990 §3.1.1), the same for every destination of one domain and interval. */
    public String reportId() {
        return reportId;
    }

    /** The node holding the claim. */
    public String node() {
        return node;
    }

    @Override
    public String toString() {
        return policyDomain + " " + intervalBegin + " -> " + destination + " (" + reportId + ", " + node + ")";
    }
}
