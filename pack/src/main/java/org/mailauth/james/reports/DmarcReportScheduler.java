package org.mailauth.james.reports;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.utils.UserDefinedStartable;
import org.apache.mailet.MailetContext;
import org.mailauth.james.verdicts.ReportRecipient;
import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportSender;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.MailtoAddress;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportStore;
import org.mailauth.report.ReportingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AggregateReportSender} of this node every {@code reports.poll}, and the {@link ReceivedReportRetention}
 * once a day (received reports are purged whether or not we send reports); registered as
 * {@code guice.extension.startable}. Report mail goes to James with {@code MailetContext.sendMail}, so it passes
 * the mailet container like any mail James writes (relay-allowed, DKIM-signed on its way out).
 */
public final class DmarcReportScheduler implements UserDefinedStartable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportScheduler.class);
    /** The first purge of received reports a few minutes after start, then one a day. */
    private static final Duration FIRST_PURGE = Duration.ofMinutes(5);
    private static final Duration PURGE_EVERY = Duration.ofDays(1);

    private final ReportingSettings settings;
    private final AggregateReportSender sender;
    private final ReceivedReportRetention retention;
    private final String node;
    /** Made by start() on James's start-up thread, shut down by stop() on the thread that stops James. */
    private volatile ScheduledExecutorService executor;

    @Inject
    public DmarcReportScheduler(ReportCollector collector, ReportStore store, ReportingSettings settings,
                                DestinationVerification verification, MailetContext mailetContext, Clock clock,
                                ReceivedReportRetention retention) {
        this.settings = settings;
        this.retention = retention;
        this.node = settings.node().isEmpty() ? hostName() : settings.node();
        String from = settings.from().isEmpty() ? mailetContext.getPostmaster().asString() : settings.from();
        AggregateReportSender.Transport transport = new AggregateReportSender.Transport() {
            @Override
            public void send(AggregateReport report, MailtoAddress to) throws Exception {
                MailAddress recipient = ReportRecipient.of(to);
                mailetContext.sendMail(new MailAddress(from), List.of(recipient),
                    ReportMail.of(report, settings.organization(), from, recipient.asString()));
            }

            @Override
            public void sendError(AggregateReport report, String text, MailtoAddress to) throws Exception {
                MailAddress recipient = ReportRecipient.of(to);
                mailetContext.sendMail(new MailAddress(from), List.of(recipient),
                    ReportMail.error(report, settings.organization(), from, recipient.asString(), text));
            }
        };
        this.sender = new AggregateReportSender(store, collector, settings, verification, transport, clock,
            node + "/" + UUID.randomUUID(), from);
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailauth-dmarc-reports");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(retention, FIRST_PURGE.toMillis(), PURGE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (!settings.enabled()) {
            LOGGER.info("mailauth: DMARC aggregate reports are off (reports.enabled=false)");
            return;
        }
        long poll = settings.poll().toMillis();
        executor.scheduleWithFixedDelay(sender::runOnce, poll, poll, TimeUnit.MILLISECONDS);
        LOGGER.info("mailauth: DMARC aggregate reports every {}, checked every {}, claimed for {} as node {}", settings.interval(),
            settings.poll(), settings.lease(), node);
    }

    /** James stops: no report leaves a stopped server (James's lifecycle calls this, javax.annotation.PreDestroy). */
    @PreDestroy
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOGGER.info("mailauth: DMARC report scheduler stopped");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
