package org.mailauth.james.reports;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.utils.UserDefinedStartable;
import org.apache.mailet.MailetContext;
import org.mailauth.report.AggregateReport;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.JdbcReportStore;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportDelivery;
import org.mailauth.report.ReportingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the aggregate reports (RFC 9990), registered as {@code guice.extension.startable}: every {@code reports.poll}
 * it writes the buffered rows to the report store, claims the reports of closed intervals (one node per report; a
 * dead node's claim expires after the lease), checks each destination (verified as RFC 9990 §3 asks, not denied,
 * under its daily cap) and hands the report mail to James with {@code MailetContext.sendMail}, so it goes through
 * the mailet container like any mail James writes (and is DKIM-signed on its way out). Failures are logged and
 * retried at the next poll; nothing here can stop James or lose a mail.
 */
public final class DmarcReportScheduler implements UserDefinedStartable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportScheduler.class);
    private static final int CLAIM_LIMIT = 50;

    private final ReportCollector collector;
    private final JdbcReportStore store;
    private final ReportingSettings settings;
    private final DestinationVerification verification;
    private final MailetContext mailetContext;
    private final Clock clock;
    private final String node;
    private final Map<String, Integer> sentToday = new ConcurrentHashMap<>();
    private volatile LocalDate today = LocalDate.MIN;
    private ScheduledExecutorService executor;

    @Inject
    public DmarcReportScheduler(ReportCollector collector, JdbcReportStore store, ReportingSettings settings,
                                DestinationVerification verification, MailetContext mailetContext, Clock clock) {
        this.collector = collector;
        this.store = store;
        this.settings = settings;
        this.verification = verification;
        this.mailetContext = mailetContext;
        this.clock = clock;
        this.node = hostName() + "/" + UUID.randomUUID();
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            LOGGER.info("mailauth: DMARC aggregate reports are off (reports.enabled=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailauth-dmarc-reports");
            thread.setDaemon(true);
            return thread;
        });
        long poll = settings.poll().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, poll, poll, TimeUnit.MILLISECONDS);
        LOGGER.info("mailauth: DMARC aggregate reports every {} from node {}, checked every {}", settings.interval(), node, settings.poll());
    }

    /** One round: flush, claim, send. */
    void runOnce() {
        try {
            collector.flush(store);
        } catch (Exception e) {
            LOGGER.warn("mailauth: report rows could not be written ({} messages kept, {} dropped so far): {}",
                collector.pendingMessages(), collector.dropped(), e.getMessage());
            return;
        }
        try {
            Instant now = clock.instant();
            List<ReportDelivery> deliveries = store.claim(node, now, settings.lease(), CLAIM_LIMIT);
            for (ReportDelivery delivery : deliveries) {
                deliver(delivery);
            }
        } catch (Exception e) {
            LOGGER.warn("mailauth: reports could not be claimed: {}", e.getMessage());
        }
    }

    private void deliver(ReportDelivery delivery) throws Exception {
        Optional<String> refusal = refusal(delivery);
        if (refusal.isPresent()) {
            LOGGER.info("mailauth: report {} not sent: {}", delivery, refusal.get());
            store.markSkipped(delivery, clock.instant());
            return;
        }
        String to = DestinationVerification.mailtoAddress(delivery.destination()).orElseThrow();
        AggregateReport report = store.content(delivery).report(settings.organization(), from(), delivery.reportId(), "mailauth");
        MimeMessage message = ReportMail.of(report, settings.organization(), from(), to);
        mailetContext.sendMail(new MailAddress(from()), List.of(new MailAddress(to)), message);
        if (store.markSent(delivery, clock.instant())) {
            LOGGER.info("mailauth: sent report {} ({} messages, {} records)", delivery, report.messages(), report.rows().size());
        } else {
            LOGGER.warn("mailauth: report {} was sent, but its claim had expired and may be sent again by another node", delivery);
        }
    }

    private Optional<String> refusal(ReportDelivery delivery) throws Exception {
        String domain = delivery.policyDomain();
        if (settings.deniedPolicyDomains().contains(domain)) {
            return Optional.of("the policy domain is denied (reports.denied-policy-domains)");
        }
        Optional<String> destinationDomain = verification.verify(domain, delivery.destination()).toCompletableFuture().get();
        if (destinationDomain.isEmpty()) {
            return Optional.of("the destination is not a verified mailto: address (RFC 9990 §3)");
        }
        if (settings.deniedDestinationDomains().contains(destinationDomain.get())) {
            return Optional.of("the destination domain is denied (reports.denied-destination-domains)");
        }
        LocalDate date = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!date.equals(today)) {
            sentToday.clear();
            today = date;
        }
        int sent = sentToday.merge(delivery.destination(), 1, Integer::sum);
        if (sent > settings.dailyCapPerDestination()) {
            return Optional.of("the destination had " + settings.dailyCapPerDestination() + " reports today (reports.daily-cap-per-destination)");
        }
        return Optional.empty();
    }

    private String from() {
        return settings.from().isEmpty() ? mailetContext.getPostmaster().asString() : settings.from();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
