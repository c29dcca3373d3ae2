package org.mailauth.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limit of failure reports that RFC 9991 §2 and §8.1 require: at most {@code perWindow} reports per
 * destination in each window (default one per hour). Per node.
 */
public final class FailureReportLimiter {

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

    /** Whether one more report may go to {@code destination} now; counts it when so. */
    public boolean tryAcquire(String destination) {
        Instant now = clock.instant();
        long slot = now.getEpochSecond() / window.getSeconds();
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
