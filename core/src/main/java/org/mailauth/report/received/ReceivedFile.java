package org.mailauth.report.received;

import java.util.List;
import java.util.Optional;

/** What one received file or e-mail held: its aggregate reports, its failure reports, and the e-mail's From, if an e-mail. */
public final class ReceivedFile {

    private final List<ReceivedReport> aggregateReports;
    private final List<ReceivedFailureReport> failureReports;
    private final Optional<String> emailFrom;

    ReceivedFile(List<ReceivedReport> aggregateReports, List<ReceivedFailureReport> failureReports, Optional<String> emailFrom) {
        this.aggregateReports = List.copyOf(aggregateReports);
        this.failureReports = List.copyOf(failureReports);
        this.emailFrom = emailFrom;
    }

    public List<ReceivedReport> aggregateReports() {
        return aggregateReports;
    }

    public List<ReceivedFailureReport> failureReports() {
        return failureReports;
    }

    /** The From field of the e-mail the reports came in; empty for a bare file. */
    public Optional<String> emailFrom() {
        return emailFrom;
    }
}
