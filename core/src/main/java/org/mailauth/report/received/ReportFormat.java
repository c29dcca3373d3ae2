package org.mailauth.report.received;

import java.util.Locale;

/** Which specification an aggregate report follows: RFC 9990 (DMARCbis) or RFC 7489 Appendix C. */
public enum ReportFormat {
    RFC9990, RFC7489;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
