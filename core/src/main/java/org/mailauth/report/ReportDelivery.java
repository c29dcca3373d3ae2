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

    ReportDelivery(String policyDomain, Instant intervalBegin, String destination, String reportId, String node) {
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.intervalBegin = Objects.requireNonNull(intervalBegin);
        this.destination = Objects.requireNonNull(destination);
        this.reportId = Objects.requireNonNull(reportId);
        this.node = Objects.requireNonNull(node);
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
