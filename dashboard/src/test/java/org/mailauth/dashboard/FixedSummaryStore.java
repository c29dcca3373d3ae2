package org.mailauth.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.mailauth.report.ReportStoreException;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReceivedReportStore;
import org.mailauth.report.received.Submission;

/** A received-report store that holds one summary, answers it per domain, and remembers what it was asked. */
final class FixedSummaryStore implements ReceivedReportStore {

    final List<Optional<String>> domainsAsked = new ArrayList<>();
    final List<Instant> sinceAsked = new ArrayList<>();
    final List<Integer> topSourcesAsked = new ArrayList<>();
    private final DmarcSummary summary;
    private final Optional<String> failure;

    private FixedSummaryStore(DmarcSummary summary, Optional<String> failure) {
        this.summary = summary;
        this.failure = failure;
    }

    static FixedSummaryStore holding(DmarcSummary summary) {
        return new FixedSummaryStore(summary, Optional.empty());
    }

    /** A store whose database is down: every summary fails with {@code message}. */
    static FixedSummaryStore failing(String message) {
        return new FixedSummaryStore(new DmarcSummary(List.of()), Optional.of(message));
    }

    @Override
    public DmarcSummary summary(Optional<String> domain, Instant since, int topSources) throws ReportStoreException {
        domainsAsked.add(domain);
        sinceAsked.add(since);
        topSourcesAsked.add(topSources);
        if (failure.isPresent()) {
            throw new ReportStoreException(failure.get(), null);
        }
        return new DmarcSummary(summary.domains().stream()
            .filter(d -> domain.isEmpty() || d.policyDomain().equals(domain.get()))
            .collect(Collectors.toList()));
    }

    @Override
    public Stored add(ReceivedReport report, Submission submission, Map<String, String> reverseNames) {
        throw new UnsupportedOperationException("the dashboard only reads");
    }

    @Override
    public void add(ReceivedFailureReport report, Submission submission) {
        throw new UnsupportedOperationException("the dashboard only reads");
    }

    @Override
    public int purge(Instant cutoff) {
        throw new UnsupportedOperationException("the dashboard only reads");
    }
}
