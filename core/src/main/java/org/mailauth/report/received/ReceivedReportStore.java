package org.mailauth.report.received;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.mailauth.report.ReportStoreException;

/**
 * Where received reports are kept (the JDBC implementation is in report-jdbc, beside the store of the reports we send):
 * each aggregate report once per (submitter, report id) however often it is delivered (RFC 9990 §3.1.1), failure
 * reports as they come, the summaries the dashboard and {@code mailauth report summary} show, and retention.
 */
public interface ReceivedReportStore {

    /**
     * What became of an aggregate report: new; the same report (submitter and report id) delivered again; or the same
     * report stored before from an e-mail that failed DMARC, now replaced by this delivery, whose e-mail passed it — so a
     * forged copy sent first cannot make the genuine report a duplicate.
     */
    enum Stored { NEW, REPLACED, DUPLICATE }

    /**
     * Stores {@code report} once: NEW, or DUPLICATE when a report of the same submitter and report id is held already
     * (nothing is counted twice), or REPLACED when the one held came in an e-mail that failed DMARC and this one in an
     * e-mail that passed it. {@code reverseNames} gives the reverse DNS name of some source addresses, looked up
     * by the caller; the others are stored without one.
     */
    Stored add(ReceivedReport report, Submission submission, Map<String, String> reverseNames) throws ReportStoreException;

    /** {@link #add(ReceivedReport, Submission, Map)} without reverse names. */
    default Stored add(ReceivedReport report, Submission submission) throws ReportStoreException {
        return add(report, submission, Map.of());
    }

    void add(ReceivedFailureReport report, Submission submission) throws ReportStoreException;

    /** The newest reports {@link DmarcSummary.Domain#reportList()} lists per domain; {@code reports()} counts them all. */
    int LISTED_REPORTS = 500;

    /**
     * Per policy domain (or only {@code domain}), over the reports whose period ends at or after {@code since}: totals,
     * messages per day by DMARC result, alignment rates, the top {@code topSources} sources by failures, the newest
     * {@link #LISTED_REPORTS} reports; and the failure reports received since {@code since} about the domain or its
     * subdomains.
     */
    DmarcSummary summary(Optional<String> domain, Instant since, int topSources) throws ReportStoreException;

    /** Deletes the reports received before {@code cutoff}; returns how many aggregate and failure reports went. */
    int purge(Instant cutoff) throws ReportStoreException;
}
