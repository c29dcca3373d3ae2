package org.mailauth.james;

import java.io.FileNotFoundException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.mailauth.dns.CachingDnsResolver;
import org.mailauth.dns.DnsJavaResolver;
import org.mailauth.dns.DnsResolver;
import org.mailauth.results.AuthservId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The pack's Guice module, registered in James's {@code conf/extensions.properties} with
 * {@code guice.extension.module=org.mailauth.james.MailauthModule}. It binds the services the pack's
 * matchers and mailets share, one instance each per James: the configuration of
 * {@code conf/mailauth.properties}, the DNS resolver with its cache, the authserv-id. The clock is James's
 * own binding. Nothing James binds is bound again.
 */
public final class MailauthModule extends AbstractModule {

    private static final Logger LOGGER = LoggerFactory.getLogger(MailauthModule.class);

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
    DnsResolver dnsResolver(MailauthConfiguration configuration, Clock clock) {
        DnsJavaResolver network = new DnsJavaResolver(configuration.dns(), ForkJoinPool.commonPool());
        return CachingDnsResolver.over(network, configuration.dns(), clock);
    }

    @Provides
    AuthservId authservId(MailauthConfiguration configuration) {
        return configuration.authservId();
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
