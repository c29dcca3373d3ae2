package org.mailauth.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where observations wait for the report store: counted in memory, written in one batch by {@link #flush}. Recording
 * never blocks on the database and never fails; when the store is down the batch stays here and is written once it
 * is back. The buffer holds at most {@code capacity} distinct rows; an observation that would need a new row beyond
 * that is dropped and counted ({@link #dropped()}), so a long outage costs memory only up to a bound. A row the store
 * refuses for good ({@link ReportStore#add}) is dropped with a log line and counted ({@link #refused()}), never
 * kept: one bad row does not hold back the others (issue 21).
 */
public final class ReportCollector {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReportCollector.class);

    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedFlushes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private Map<Observation, Long> pending = new LinkedHashMap<>();

    public ReportCollector(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the report buffer holds at least one row: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Counts one message. Returns false when the buffer was full and the observation was dropped. */
    public synchronized boolean record(Observation observation) {
        Long count = pending.get(observation);
        if (count == null && pending.size() >= capacity) {
            dropped.incrementAndGet();
            return false;
        }
        pending.put(observation, count == null ? 1L : count + 1);
        return true;
    }

    /**
     * Writes what is buffered; rows the store refuses for good are dropped, logged and counted; on any other failure
     * keeps it all (together with what arrives meanwhile) for the next flush and rethrows. Returns how many messages
     * were written.
     */
    public long flush(ReportStore store) throws ReportStoreException {
        Map<Observation, Long> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return 0;
            }
            batch = pending;
            pending = new LinkedHashMap<>();
        }
        try {
            List<ReportStore.Refusal> refusals = store.add(batch);
            long written = batch.values().stream().mapToLong(Long::longValue).sum();
            for (ReportStore.Refusal refusal : refusals) {
                written -= refusal.messages();
                long total = refused.addAndGet(refusal.messages());
                LOGGER.warn("mailauth: a report row of {} ({} message(s) from {}) is dropped, the report store refuses it for good ({}); "
                        + "{} messages dropped this way since start", refusal.observation().policy().domain(), refusal.messages(),
                    refusal.observation().row().sourceIp(), refusal.reason(), total);
            }
            return written;
        } catch (ReportStoreException | RuntimeException e) {
            failedFlushes.incrementAndGet();
            synchronized (this) {
                Map<Observation, Long> merged = batch;
                for (Map.Entry<Observation, Long> entry : pending.entrySet()) {
                    if (merged.containsKey(entry.getKey()) || merged.size() < capacity) {
                        merged.merge(entry.getKey(), entry.getValue(), Long::sum);
                    } else {
                        dropped.addAndGet(entry.getValue());
                    }
                }
                pending = merged;
            }
            throw e;
        }
    }

    /** Messages waiting in the buffer. */
    public synchronized long pendingMessages() {
        return pending.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Messages never recorded because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Messages whose row the store refused for good (SQLSTATE class 22 or 23): dropped, not retried. */
    public long refused() {
        return refused.get();
    }

    /** Flushes that failed (the store was unreachable). */
    public long failedFlushes() {
        return failedFlushes.get();
    }
}
