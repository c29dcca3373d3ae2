package org.mailauth.report.received;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code record} of a received aggregate report (RFC 9990 §3.1.3–§3.1.6, RFC 7489 Appendix C): the source address,
 * the exact count, the policy as evaluated with its override reasons, the identifiers and the authentication results.
 * Keywords are lower case, as the schema writes them, whatever case the reporter used.
 */
public final class ReceivedRecord {

    /** One DKIM or SPF entry of {@code auth_results}: domain, selector (DKIM) or scope (SPF), result. */
    public static final class AuthResult {
        private final String domain;
        private final String selectorOrScope;
        private final String result;

        public AuthResult(String domain, String selectorOrScope, String result) {
            this.domain = Objects.requireNonNull(domain);
            this.selectorOrScope = Objects.requireNonNull(selectorOrScope);
            this.result = Objects.requireNonNull(result);
        }

        public String domain() {
            return domain;
        }

        /** The DKIM selector, or the SPF scope (mfrom, helo); empty when not given. */
        public String selectorOrScope() {
            return selectorOrScope;
        }

        public String result() {
            return result;
        }
    }

    /** A policy override reason: its type and comment (RFC 9990 §3.1.6). */
    public static final class Reason {
        private final String type;
        private final String comment;

        public Reason(String type, String comment) {
            this.type = Objects.requireNonNull(type);
            this.comment = Objects.requireNonNull(comment);
        }

        public String type() {
            return type;
        }

        public String comment() {
            return comment;
        }
    }

    private final String sourceIp;
    private final long count;
    private final String disposition;
    private final String dkim;
    private final String spf;
    private final List<Reason> reasons;
    private final String headerFrom;
    private final Optional<String> envelopeFrom;
    private final Optional<String> envelopeTo;
    private final List<AuthResult> dkimResults;
    private final List<AuthResult> spfResults;

    public ReceivedRecord(String sourceIp, long count, String disposition, String dkim, String spf, List<Reason> reasons,
                          String headerFrom, Optional<String> envelopeFrom, Optional<String> envelopeTo,
                          List<AuthResult> dkimResults, List<AuthResult> spfResults) {
        this.sourceIp = Objects.requireNonNull(sourceIp);
        this.count = count;
        this.disposition = Objects.requireNonNull(disposition);
        this.dkim = Objects.requireNonNull(dkim);
        this.spf = Objects.requireNonNull(spf);
        this.reasons = List.copyOf(reasons);
        this.headerFrom = Objects.requireNonNull(headerFrom);
        this.envelopeFrom = Objects.requireNonNull(envelopeFrom);
        this.envelopeTo = Objects.requireNonNull(envelopeTo);
        this.dkimResults = List.copyOf(dkimResults);
        this.spfResults = List.copyOf(spfResults);
    }

    public String sourceIp() {
        return sourceIp;
    }

    /** How many messages the row stands for, exactly as reported. */
    public long count() {
        return count;
    }

    /** none, quarantine, reject (or pass, RFC 9990 §3.1.5); empty when the reporter gave none. */
    public String disposition() {
        return disposition;
    }

    /** The DMARC-aligned DKIM result as evaluated: pass or fail. */
    public String dkim() {
        return dkim;
    }

    /** The DMARC-aligned SPF result as evaluated: pass or fail. */
    public String spf() {
        return spf;
    }

    /** DMARC passes when the aligned DKIM or SPF result passes (RFC 9989 §4.2). */
    public boolean dmarcPass() {
        return dkim.equals("pass") || spf.equals("pass");
    }

    public List<Reason> reasons() {
        return reasons;
    }

    public String headerFrom() {
        return headerFrom;
    }

    public Optional<String> envelopeFrom() {
        return envelopeFrom;
    }

    public Optional<String> envelopeTo() {
        return envelopeTo;
    }

    public List<AuthResult> dkimResults() {
        return dkimResults;
    }

    public List<AuthResult> spfResults() {
        return spfResults;
    }
}
