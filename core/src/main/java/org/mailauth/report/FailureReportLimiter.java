package org.mailauth.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limit of failure reports that RFC 9991 §2 and §8.1 require: at most {@code perWindow} reports per
 * destination domain in each window (default one per hour). Per node. Counts of past windows are forgotten once
 * more than {@link #TRACKED} destinations are tracked, so a flood of distinct domains cannot grow it without bound.
 */
public final class FailureReportLimiter {

    static final int TRACKED = 10_000;

    private final int perWindow;
    private final Duration window;
    private final Clock clock;
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();

    public FailureReportLimiter(int perWindow, Duration window, Clock clock) {
        if (perWindow < 1) {
            throw new IllegalArgumentException("at least one report per window");
        }
        this.perWindow = perWindow;
        this.window = window;
        this.clock = clock;
    }

    /** Whether one more report may go to {@code destination} (a domain) now; counts it when so. */
    public boolean tryAcquire(String destination) {
        Instant now = clock.instant();
        long slot = now.getEpochSecond() / window.getSeconds();
        if (counts.size() > TRACKED) {
            counts.values().removeIf(state -> state[0] != slot);
        }
        boolean[] allowed = {false};
        counts.compute(destination, (key, state) -> {
            long[] current = state == null || state[0] != slot ? new long[] {slot, 0} : state;
            if (current[1] < perWindow) {
                current[1]++;
                allowed[0] = true;
            }
            return current;
        });
        return allowed[0];
    }
}
