package org.mailauth.report.received;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A received feedback report (RFC 5965 ARF; for DMARC, RFC 9991 and RFC 6591 {@code Feedback-Type: auth-failure}):
 * the machine-readable fields and, from the returned message or its header section, who it claimed to be from.
 */
public final class ReceivedFailureReport {

    private final String feedbackType;
    private final Optional<String> authFailure;
    private final List<String> reportedDomains;
    private final Optional<String> sourceIp;
    private final Optional<String> arrivalDate;
    private final Optional<String> originalMailFrom;
    private final Optional<String> deliveryResult;
    private final Optional<String> dkimDomain;
    private final Optional<String> userAgent;
    private final int incidents;
    private final Optional<String> originalFrom;
    private final Optional<String> originalSubject;

    public ReceivedFailureReport(String feedbackType, Optional<String> authFailure, List<String> reportedDomains, Optional<String> sourceIp,
                                 Optional<String> arrivalDate, Optional<String> originalMailFrom, Optional<String> deliveryResult,
                                 Optional<String> dkimDomain, Optional<String> userAgent, int incidents, Optional<String> originalFrom,
                                 Optional<String> originalSubject) {
        this.feedbackType = Objects.requireNonNull(feedbackType);
        this.authFailure = authFailure;
        this.reportedDomains = List.copyOf(reportedDomains);
        this.sourceIp = sourceIp;
        this.arrivalDate = arrivalDate;
        this.originalMailFrom = originalMailFrom;
        this.deliveryResult = deliveryResult;
        this.dkimDomain = dkimDomain;
        this.userAgent = userAgent;
        this.incidents = incidents;
        this.originalFrom = originalFrom;
        this.originalSubject = originalSubject;
    }

    /** Feedback-Type, lower case: auth-failure for DMARC failure reports, abuse, fraud, ... (RFC 5965 §7.3). */
    public String feedbackType() {
        return feedbackType;
    }

    /** Whether this is a DMARC/SPF/DKIM failure report (RFC 6591 §3.1). */
    public boolean authFailureReport() {
        return feedbackType.equals("auth-failure");
    }

    /** Auth-Failure: dmarc, spf, dkim, adsp, bodyhash, revoked, signature (RFC 6591 §3.2.2, RFC 7489 §7.1). */
    public Optional<String> authFailure() {
        return authFailure;
    }

    public List<String> reportedDomains() {
        return reportedDomains;
    }

    public Optional<String> sourceIp() {
        return sourceIp;
    }

    public Optional<String> arrivalDate() {
        return arrivalDate;
    }

    public Optional<String> originalMailFrom() {
        return originalMailFrom;
    }

    public Optional<String> deliveryResult() {
        return deliveryResult;
    }

    public Optional<String> dkimDomain() {
        return dkimDomain;
    }

    public Optional<String> userAgent() {
        return userAgent;
    }

    /** Incidents (RFC 5965 §3.2): how many messages the report stands for; 1 when not given. */
    public int incidents() {
        return incidents;
    }

    /** The From field of the reported message, when it was returned. */
    public Optional<String> originalFrom() {
        return originalFrom;
    }

    public Optional<String> originalSubject() {
        return originalSubject;
    }
}
