package org.mailauth.james;

import java.time.Clock;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.NetworkDns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS of the pack in one James: the servers of {@code mailauth.properties} over the network, with the pack's own
 * bounded pool of threads and one cache ({@link NetworkDns}). Made when first needed, closed when James stops
 * (James's lifecycle calls {@link #close()}, {@code javax.annotation.PreDestroy}).
 */
@Singleton
public final class PackDns {

    private static final Logger LOGGER = LoggerFactory.getLogger(PackDns.class);

    private final NetworkDns dns;

    @Inject
    public PackDns(MailauthConfiguration configuration, Clock clock) {
        this.dns = NetworkDns.open(configuration.dns(), clock);
        LOGGER.info("mailauth: DNS servers {}", dns.servers());
    }

    public DnsResolver resolver() {
        return dns;
    }

    @PreDestroy
    public void close() {
        dns.close();
        LOGGER.info("mailauth: DNS resolver closed");
    }
}
