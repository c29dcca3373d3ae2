package org.mailauth.report.received;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A received aggregate report (RFC 9990 §3, RFC 7489 Appendix C): who sent it, which period and policy it covers, its
 * records, and what had to be repaired to read it (a wrong encoding, a bare ampersand), if anything.
 */
public final class ReceivedReport {

    /** {@code policy_published}: the Domain Owner's record as the reporter found it. */
    public static final class Policy {
        private final String domain;
        private final String p;
        private final Optional<String> sp;
        private final Optional<String> np;
        private final String adkim;
        private final String aspf;
        private final OptionalInt pct;
        private final boolean testing;

        public Policy(String domain, String p, Optional<String> sp, Optional<String> np, String adkim, String aspf, OptionalInt pct,
                      boolean testing) {
            this.domain = Objects.requireNonNull(domain);
            this.p = Objects.requireNonNull(p);
            this.sp = Objects.requireNonNull(sp);
            this.np = Objects.requireNonNull(np);
            this.adkim = Objects.requireNonNull(adkim);
            this.aspf = Objects.requireNonNull(aspf);
            this.pct = Objects.requireNonNull(pct);
            this.testing = testing;
        }

        /** The policy domain, lower case. */
        public String domain() {
            return domain;
        }

        public String p() {
            return p;
        }

        public Optional<String> sp() {
            return sp;
        }

        public Optional<String> np() {
            return np;
        }

        /** r or s; empty when the reporter did not say. */
        public String adkim() {
            return adkim;
        }

        public String aspf() {
            return aspf;
        }

        /** RFC 7489's pct. */
        public OptionalInt pct() {
            return pct;
        }

        /** RFC 9990's testing=y (t=y in the record). */
        public boolean testing() {
            return testing;
        }
    }

    private final ReportFormat format;
    private final String orgName;
    private final String email;
    private final String reportId;
    private final Instant begin;
    private final Instant end;
    private final Policy policy;
    private final List<ReceivedRecord> records;
    private final List<String> repairs;

    public ReceivedReport(ReportFormat format, String orgName, String email, String reportId, Instant begin, Instant end, Policy policy,
                          List<ReceivedRecord> records, List<String> repairs) {
        this.format = Objects.requireNonNull(format);
        this.orgName = Objects.requireNonNull(orgName);
        this.email = Objects.requireNonNull(email);
        this.reportId = Objects.requireNonNull(reportId);
        this.begin = Objects.requireNonNull(begin);
        this.end = Objects.requireNonNull(end);
        this.policy = Objects.requireNonNull(policy);
        this.records = List.copyOf(records);
        this.repairs = List.copyOf(repairs);
    }

    public ReportFormat format() {
        return format;
    }

    /** The reporting organisation's name; may be empty (some reporters leave it so). */
    public String orgName() {
        return orgName;
    }

    public String email() {
        return email;
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

    public Policy policy() {
        return policy;
    }

    public List<ReceivedRecord> records() {
        return records;
    }

    /** The sum of the records' counts: the messages the report covers. */
    public long messages() {
        return records.stream().mapToLong(ReceivedRecord::count).sum();
    }

    /**
     * Who sent the report, for recognising the same report delivered again (RFC 9990 §3.1.1: report_id is unique per
     * reporter): the email, else the organisation name, lower case.
     */
    public String submitter() {
        return (email.isEmpty() ? orgName : email).toLowerCase(Locale.ROOT);
    }

    /** What was repaired to read the report exactly; empty for a well-formed one. */
    public List<String> repairs() {
        return repairs;
    }
}
