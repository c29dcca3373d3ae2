package org.mailauth.james;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.MailetContext;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportStore;
import org.mailauth.report.ReportStoreException;
import org.mailauth.report.ReportingSettings;
import org.mailauth.report.jdbc.JdbcReceivedReportStore;
import org.mailauth.report.jdbc.JdbcReportStore;
import org.mailauth.report.received.ReceivedReportStore;
import org.mailauth.report.jdbc.WaitingConnections;
import org.mailauth.james.reports.EmbeddedReportDatabase;
import org.mailauth.james.reports.ReceivedReportRetention;
import org.mailauth.james.reports.ReportStoreConnections;
import org.apache.james.filesystem.api.FileSystem;
import org.mailauth.dns.DnsResolver;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.james.verdicts.DmarcReporting;
import org.mailauth.james.verdicts.InboundPolicy;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.results.AuthservId;
import org.mailauth.spf.SpfSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The pack's Guice module, registered in James's {@code conf/extensions.properties} with
 * {@code guice.extension.module=org.mailauth.james.MailauthModule}. It binds the services the pack's
 * matchers and mailets share, one instance each per James: the configuration of
 * {@code conf/mailauth.properties}, the DNS resolver with its cache ({@link PackDns}), the authserv-id, the policy of
 * which mail is checked, the entry point of inbound authentication and the per-mail verdicts, the report collection
 * and store, the store of received reports (the DMARC dashboard's, {@code DmarcDashboardRoutes}). The clock is James's own binding. Nothing James binds is bound again.
 */
public final class MailauthModule extends AbstractModule {

    private static final Logger LOGGER = LoggerFactory.getLogger(MailauthModule.class);
    /** Distinct report rows kept in memory while the report store is unreachable. */
    private static final int REPORT_BUFFER_ROWS = 100_000;
    /** How long James waits for another process (mailauth report preview) to close the embedded database. */
    private static final Duration EMBEDDED_DATABASE_WAIT = Duration.ofSeconds(10);

    @Provides
    @Singleton
    MailauthConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        Map<String, String> properties;
        try {
            properties = asMap(propertiesProvider.getConfiguration(MailauthConfiguration.FILE_NAME));
        } catch (FileNotFoundException e) {
            LOGGER.info("mailauth: no conf/mailauth.properties, using the defaults");
            properties = Map.of();
        }
        try {
            MailauthConfiguration configuration = MailauthConfiguration.parse(properties);
            LOGGER.info("mailauth: {}", configuration);
            return configuration;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    DnsResolver dnsResolver(PackDns dns) {
        return dns.resolver();
    }

    @Provides
    AuthservId authservId(MailauthConfiguration configuration) {
        return configuration.authservId();
    }

    @Provides
    @Singleton
    InboundPolicy inboundPolicy(MailauthConfiguration configuration) {
        return new InboundPolicy(configuration.verifyRelayAllowed());
    }

    /** SPF with RFC 7208's limits, its receiver (%{r}, Received-SPF) our authserv-id; DKIM and DMARC as configured. */
    @Provides
    @Singleton
    MessageAuthenticator messageAuthenticator(DnsResolver dns, MailauthConfiguration configuration, Clock clock) {
        return new MessageAuthenticator(dns, AuthenticationSettings.builder()
            .spf(SpfSettings.builder().receiver(configuration.authservId().value()).clock(clock).build())
            .dkim(configuration.dkim().toBuilder().clock(clock).build())
            .dmarc(configuration.dmarc())
            .authservId(configuration.authservId())
            .build());
    }

    @Provides
    @Singleton
    Verdicts verdicts(MessageAuthenticator authenticator, InboundPolicy policy) {
        return new Verdicts(authenticator, policy);
    }

    @Provides
    DmarcSettings dmarcSettings(MailauthConfiguration configuration) {
        return configuration.dmarc();
    }

    @Provides
    ReportingSettings reportingSettings(MailauthConfiguration configuration) {
        return configuration.reporting();
    }

    @Provides
    @Singleton
    ReportCollector reportCollector() {
        return new ReportCollector(REPORT_BUFFER_ROWS);
    }

    @Provides
    @Singleton
    FailureReportLimiter failureReportLimiter(MailauthConfiguration configuration, Clock clock) {
        return new FailureReportLimiter(configuration.reporting().failureReportsPerHour(), java.time.Duration.ofHours(1), clock);
    }

    @Provides
    @Singleton
    DestinationVerification destinationVerification(DnsResolver dns, MailauthConfiguration configuration) {
        return new DestinationVerification(dns, configuration.dmarc());
    }

    @Provides
    @Singleton
    DmarcReporting dmarcReporting(ReportCollector collector, MailauthConfiguration configuration, Clock clock,
                                  DestinationVerification verification, FailureReportLimiter limiter, MailetContext mailetContext) {
        return new DmarcReporting(collector, configuration.reporting(), configuration.dmarc().mode(), clock, verification, limiter,
            mailetContext, configuration.authservId());
    }

    /** The store of the reports we send, its tables created or migrated at start (a database not reachable now is tried later). */
    @Provides
    @Singleton
    ReportStore reportStore(JdbcReportStore.Connections connections) {
        JdbcReportStore store = new JdbcReportStore(connections);
        try {
            store.migrate();
            LOGGER.info("mailauth: report store {}", connections.toString().replaceAll("password=[^;&]*", "password=***"));
        } catch (ReportStoreException e) {
            LOGGER.error("mailauth: the report store is not available now; rows wait in memory and it is tried again: {}", e.getMessage());
        }
        return store;
    }

    /** The reports others send us, in the database of the report store, whose start (migrated) creates their tables. */
    @Provides
    @Singleton
    ReceivedReportStore receivedReportStore(JdbcReportStore.Connections connections, ReportStore migrated) {
        return new JdbcReceivedReportStore(connections);
    }

    @Provides
    @Singleton
    ReceivedReportRetention receivedReportRetention(ReceivedReportStore store, MailauthConfiguration configuration, Clock clock) {
        return new ReceivedReportRetention(store, configuration.receivedRetention(), clock);
    }

    /**
     * Connections to the report database: the embedded H2 database under James's folder ({@link EmbeddedReportDatabase}: no
     * server, no listener, files private to James's user) unless reports.database.url says otherwise.
     */
    @Provides
    @Singleton
    JdbcReportStore.Connections reportDatabase(MailauthConfiguration configuration, FileSystem fileSystem) throws java.io.IOException {
        String url;
        if (configuration.databaseUrl().isPresent()) {
            url = configuration.databaseUrl().get();
        } else {
            Path folder = fileSystem.getBasedir().toPath().resolve("var").resolve("mailauth");
            EmbeddedReportDatabase.prepare(folder);
            url = EmbeddedReportDatabase.url(folder);
        }
        JdbcReportStore.Connections connections = new ReportStoreConnections(url, configuration.databaseUser(),
            configuration.databasePassword());
        if (url.startsWith("jdbc:h2:")) {
            connections = new WaitingConnections(connections, EMBEDDED_DATABASE_WAIT);
        }
        return connections;
    }

    /** commons-configuration splits values at commas; the pack's own parsing wants them whole again. */
    private static Map<String, String> asMap(Configuration configuration) {
        Map<String, String> properties = new HashMap<>();
        for (Iterator<String> keys = configuration.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            properties.put(key, configuration.getList(String.class, key).stream().collect(Collectors.joining(",")));
        }
        return properties;
    }
}
