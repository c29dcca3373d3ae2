package org.mailauth.report;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How this receiver sends aggregate reports (RFC 9990): on or off, the interval, who reports (organization and
 * the From address of report mail), how often the scheduler looks for due reports, how long a node's claim on a
 * report lasts, and the safety limits: a daily cap per destination and deny lists of policy domains and
 * destination domains; and the name of this node among several that share one report store.
 */
public final class ReportingSettings {

    /** How often a node writes its rows and looks for due reports, unless configured. */
    public static final Duration DEFAULT_POLL = Duration.ofMinutes(1);

    private final boolean enabled;
    private final Duration interval;
    private final String organization;
    private final String from;
    private final Duration poll;
    private final Duration lease;
    private final int dailyCapPerDestination;
    private final Set<String> deniedPolicyDomains;
    private final Set<String> deniedDestinationDomains;
    private final Set<String> allowedPolicyDomains;
    private final Set<String> allowedDestinationDomains;
    private final boolean failureReports;
    private final int failureReportsPerHour;
    private final String node;
    private final Duration closingGrace;

    private ReportingSettings(Builder builder) {
        this.node = builder.node;
        this.closingGrace = builder.closingGrace;
        this.failureReports = builder.failureReports;
        this.allowedPolicyDomains = Set.copyOf(builder.allowedPolicyDomains);
        this.allowedDestinationDomains = Set.copyOf(builder.allowedDestinationDomains);
        this.failureReportsPerHour = builder.failureReportsPerHour;
        this.enabled = builder.enabled;
        this.interval = builder.interval;
        this.organization = builder.organization;
        this.from = builder.from;
        this.poll = builder.poll;
        this.lease = builder.lease;
        this.dailyCapPerDestination = builder.dailyCapPerDestination;
        this.deniedPolicyDomains = Set.copyOf(builder.deniedPolicyDomains);
        this.deniedDestinationDomains = Set.copyOf(builder.deniedDestinationDomains);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The report interval; one UTC day by default (RFC 9990 §2.1). */
    public Duration interval() {
        return interval;
    }

    public String organization() {
        return organization;
    }

    /** The address report mail comes from; empty for James's postmaster. */
    public String from() {
        return from;
    }

    public Duration poll() {
        return poll;
    }

    public Duration lease() {
        return lease;
    }

    /**
     * How long after its interval closes a report waits before a node claims it: long enough for every node to have
     * written the rows it counted (they write at each poll). Zero by default, for one node alone.
     */
    public Duration closingGrace() {
        return closingGrace;
    }

    /** The name this node claims reports under, for the operator's logs; empty for the host name. */
    public String node() {
        return node;
    }

    public int dailyCapPerDestination() {
        return dailyCapPerDestination;
    }

    public Set<String> deniedPolicyDomains() {
        return deniedPolicyDomains;
    }

    public Set<String> deniedDestinationDomains() {
        return deniedDestinationDomains;
    }

    /** When not empty, the only policy domains reported on. */
    public Set<String> allowedPolicyDomains() {
        return allowedPolicyDomains;
    }

    /** When not empty, the only destination domains reports go to. */
    public Set<String> allowedDestinationDomains() {
        return allowedDestinationDomains;
    }

    /** Whether failure reports (RFC 9991) are sent; off by default. */
    public boolean failureReports() {
        return failureReports;
    }

    /** Failure reports per destination per hour (RFC 9991 §8.1). */
    public int failureReportsPerHour() {
        return failureReportsPerHour;
    }

    public static final class Builder {
        private Set<String> allowedPolicyDomains = Set.of();
        private Set<String> allowedDestinationDomains = Set.of();
        private boolean failureReports;

        public Builder allowedPolicyDomains(Set<String> domains) {
            this.allowedPolicyDomains = Set.copyOf(domains);
            return this;
        }

        public Builder allowedDestinationDomains(Set<String> domains) {
            this.allowedDestinationDomains = Set.copyOf(domains);
            return this;
        }

        private int failureReportsPerHour = 1;

        public Builder failureReports(boolean enabled) {
            this.failureReports = enabled;
            return this;
        }

        public Builder failureReportsPerHour(int perHour) {
            if (perHour < 1) {
                throw new IllegalArgumentException("at least 1");
            }
            this.failureReportsPerHour = perHour;
            return this;
        }

        private boolean enabled = true;
        private Duration interval = Duration.ofDays(1);
        private String organization = "";
        private String from = "";
        private Duration poll = DEFAULT_POLL;
        private Duration lease = Duration.ofMinutes(10);
        private String node = "";
        private Duration closingGrace = Duration.ZERO;
        private int dailyCapPerDestination = 100;
        private Set<String> deniedPolicyDomains = Set.of();
        private Set<String> deniedDestinationDomains = Set.of();

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder interval(Duration interval) {
            if (interval.getSeconds() < 1) {
                throw new IllegalArgumentException("at least one second");
            }
            this.interval = interval;
            return this;
        }

        public Builder organization(String organization) {
            this.organization = Objects.requireNonNull(organization);
            return this;
        }

        public Builder from(String from) {
            this.from = Objects.requireNonNull(from);
            return this;
        }

        public Builder poll(Duration poll) {
            if (poll.toMillis() < 100) {
                throw new IllegalArgumentException("at least 100 ms");
            }
            this.poll = poll;
            return this;
        }

        public Builder lease(Duration lease) {
            if (lease.getSeconds() < 1) {
                throw new IllegalArgumentException("at least one second");
            }
            this.lease = lease;
            return this;
        }

        public Builder closingGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("not negative");
            }
            this.closingGrace = grace;
            return this;
        }

        public Builder node(String node) {
            this.node = Objects.requireNonNull(node);
            return this;
        }

        public Builder dailyCapPerDestination(int cap) {
            if (cap < 1) {
                throw new IllegalArgumentException("at least 1");
            }
            this.dailyCapPerDestination = cap;
            return this;
        }

        public Builder deniedPolicyDomains(Set<String> domains) {
            this.deniedPolicyDomains = Set.copyOf(domains);
            return this;
        }

        public Builder deniedDestinationDomains(Set<String> domains) {
            this.deniedDestinationDomains = Set.copyOf(domains);
            return this;
        }

        public ReportingSettings build() {
            return new ReportingSettings(this);
        }
    }
}
