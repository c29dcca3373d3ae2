package org.mailauth.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The interval an aggregate report covers (RFC 9990 §2.1: by default one UTC day): fixed-length slices of time
 * counted from the epoch, so every node of a cluster cuts them the same way.
 */
public final class ReportInterval {

    private final Instant begin;
    private final Duration length;

    private ReportInterval(Instant begin, Duration length) {
        this.begin = begin;
        this.length = length;
    }

    /** The interval of {@code length} that contains {@code instant}. */
    public static ReportInterval containing(Instant instant, Duration length) {
        long seconds = length.getSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("a report interval lasts at least a second: " + length);
        }
        long begin = Math.floorDiv(instant.getEpochSecond(), seconds) * seconds;
        return new ReportInterval(Instant.ofEpochSecond(begin), length);
    }

    public static ReportInterval of(Instant begin, Duration length) {
        return containing(begin, length);
    }

    public Instant begin() {
        return begin;
    }

    /** The first instant after the interval. */
    public Instant end() {
        return begin.plus(length);
    }

    public Duration length() {
        return length;
    }

    /** Whether the interval is over at {@code now}, so its report can be sent. */
    public boolean closedAt(Instant now) {
        return !now.isBefore(end());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReportInterval && ((ReportInterval) other).begin.equals(begin) && ((ReportInterval) other).length.equals(length);
    }

    @Override
    public int hashCode() {
        return Objects.hash(begin, length);
    }

    @Override
    public String toString() {
        return begin + ".." + end();
    }
}
