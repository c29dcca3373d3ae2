package org.mailauth.james.reports;

import java.time.Clock;
import java.time.Duration;

import org.mailauth.report.ReportStoreException;
import org.mailauth.report.received.ReceivedReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the received DMARC reports that arrived longer ago than {@code reports.received.retention}; the
 * {@link DmarcReportScheduler} runs it once a day. A store that cannot be reached now is tried again the next day.
 */
public final class ReceivedReportRetention implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReceivedReportRetention.class);

    private final ReceivedReportStore store;
    private final Duration retention;
    private final Clock clock;

    public ReceivedReportRetention(ReceivedReportStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /** One purge; never throws, so that the schedule goes on. */
    @Override
    public void run() {
        try {
            int deleted = store.purge(clock.instant().minus(retention));
            if (deleted > 0) {
                LOGGER.info("mailauth: {} received DMARC reports older than {} deleted (reports.received.retention)", deleted, retention);
            }
        } catch (ReportStoreException | RuntimeException e) {
            LOGGER.warn("mailauth: received DMARC reports could not be purged now; tried again tomorrow: {}", e.getMessage());
        }
    }
}
