package org.mailauth.report.received;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What received reports say about each policy domain (what a domain owner needs before moving to p=reject): how many
 * messages receivers saw, how many passed DMARC, SPF and DKIM alignment, per day, which sources send failing mail, and
 * the reports themselves. A value: the store computes it, the dashboard and the CLI render it.
 */
public final class DmarcSummary {

    private final List<Domain> domains;

    public DmarcSummary(List<Domain> domains) {
        this.domains = List.copyOf(domains);
    }

    public List<Domain> domains() {
        return domains;
    }

    /** One policy domain. */
    public static final class Domain {
        private final String policyDomain;
        private final long messages;
        private final long dmarcPass;
        private final long spfAligned;
        private final long dkimAligned;
        private final int reports;
        private final int failureReports;
        private final List<Day> days;
        private final List<Source> sources;
        private final List<Report> reportList;

        public Domain(String policyDomain, long messages, long dmarcPass, long spfAligned, long dkimAligned, int reports, int failureReports,
                      List<Day> days, List<Source> sources, List<Report> reportList) {
            this.policyDomain = Objects.requireNonNull(policyDomain);
            this.messages = messages;
            this.dmarcPass = dmarcPass;
            this.spfAligned = spfAligned;
            this.dkimAligned = dkimAligned;
            this.reports = reports;
            this.failureReports = failureReports;
            this.days = List.copyOf(days);
            this.sources = List.copyOf(sources);
            this.reportList = List.copyOf(reportList);
        }

        public String policyDomain() {
            return policyDomain;
        }

        public long messages() {
            return messages;
        }

        public long dmarcPass() {
            return dmarcPass;
        }

        public long dmarcFail() {
            return messages - dmarcPass;
        }

        /** Messages whose policy_evaluated spf was pass (SPF aligned and passing). */
        public long spfAligned() {
            return spfAligned;
        }

        /** Messages whose policy_evaluated dkim was pass. */
        public long dkimAligned() {
            return dkimAligned;
        }

        /** Aggregate reports counted. */
        public int reports() {
            return reports;
        }

        public int failureReports() {
            return failureReports;
        }

        /** Messages per day (of the report periods' begin, UTC), oldest first. */
        public List<Day> days() {
            return days;
        }

        /** Sending sources, most failures first. */
        public List<Source> sources() {
            return sources;
        }

        /** The reports, newest period first. */
        public List<Report> reportList() {
            return reportList;
        }
    }

    /** Messages of one day by DMARC result. */
    public static final class Day {
        private final LocalDate date;
        private final long pass;
        private final long fail;

        public Day(LocalDate date, long pass, long fail) {
            this.date = Objects.requireNonNull(date);
            this.pass = pass;
            this.fail = fail;
        }

        public LocalDate date() {
            return date;
        }

        public long pass() {
            return pass;
        }

        public long fail() {
            return fail;
        }
    }

    /** One sending address, with the reporters that saw it. */
    public static final class Source {
        private final String ip;
        private final Optional<String> reverseName;
        private final long messages;
        private final long failures;
        private final List<String> reporters;

        public Source(String ip, Optional<String> reverseName, long messages, long failures, List<String> reporters) {
            this.ip = Objects.requireNonNull(ip);
            this.reverseName = Objects.requireNonNull(reverseName);
            this.messages = messages;
            this.failures = failures;
            this.reporters = List.copyOf(reporters);
        }

        public String ip() {
            return ip;
        }

        public Optional<String> reverseName() {
            return reverseName;
        }

        public long messages() {
            return messages;
        }

        /** Messages that failed DMARC. */
        public long failures() {
            return failures;
        }

        /** The organisations whose reports named this source. */
        public List<String> reporters() {
            return reporters;
        }
    }

    /** One received aggregate report, as listed. */
    public static final class Report {
        private final String orgName;
        private final String reportId;
        private final Instant begin;
        private final Instant end;
        private final ReportFormat format;
        private final int records;
        private final long messages;
        private final Submission.Authenticity authenticity;

        public Report(String orgName, String reportId, Instant begin, Instant end, ReportFormat format, int records, long messages,
                      Submission.Authenticity authenticity) {
            this.orgName = Objects.requireNonNull(orgName);
            this.reportId = Objects.requireNonNull(reportId);
            this.begin = Objects.requireNonNull(begin);
            this.end = Objects.requireNonNull(end);
            this.format = Objects.requireNonNull(format);
            this.records = records;
            this.messages = messages;
            this.authenticity = Objects.requireNonNull(authenticity);
        }

        public String orgName() {
            return orgName;
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

        public ReportFormat format() {
            return format;
        }

        public int records() {
            return records;
        }

        public long messages() {
            return messages;
        }

        public Submission.Authenticity authenticity() {
            return authenticity;
        }
    }
}
