package org.mailauth.report.received;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a received report reached us: when, in whose e-mail, and whether that e-mail passed DMARC. A report from a
 * submitter whose own mail failed DMARC is stored but marked unauthenticated (anyone can send us a report naming
 * Google); one read from a file (the CLI) is of unknown authentication.
 */
public final class Submission {

    /** Whether the e-mail carrying the report passed DMARC for its From domain. */
    public enum Authenticity {
        AUTHENTICATED, UNAUTHENTICATED, UNKNOWN;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Instant receivedAt;
    private final Optional<String> from;
    private final Authenticity authenticity;

    public Submission(Instant receivedAt, Optional<String> from, Authenticity authenticity) {
        this.receivedAt = Objects.requireNonNull(receivedAt);
        this.from = Objects.requireNonNull(from);
        this.authenticity = Objects.requireNonNull(authenticity);
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** The From field of the e-mail, when the report came in one. */
    public Optional<String> from() {
        return from;
    }

    public Authenticity authenticity() {
        return authenticity;
    }
}
