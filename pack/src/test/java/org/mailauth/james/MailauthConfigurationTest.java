package org.mailauth.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.DnsSettings;
import org.mailauth.dns.ServerAddress;

/** conf/mailauth.properties: defaults, every key, and errors that name the key. */
class MailauthConfigurationTest {

    @Test
    void nothingConfiguredGivesTheDefaults() {
        MailauthConfiguration configuration = MailauthConfiguration.defaults();

        assertThat(configuration.dns().servers()).isEmpty();
        assertThat(configuration.dns().timeout()).isEqualTo(DnsSettings.DEFAULT_TIMEOUT);
        assertThat(configuration.authservId().value()).isNotEmpty();
    }

    @Test
    void everyKeyIsRead() {
        MailauthConfiguration configuration = MailauthConfiguration.parse(Map.of(
            "authserv-id", "mx.example.com",
            "dns.servers", "127.0.0.1:5353, [::1]:53",
            "dns.timeout", "1500",
            "dns.retries", "3",
            "dns.cache.entries", "50",
            "dns.cache.max-ttl", "600",
            "dns.cache.max-negative-ttl", "60",
            "dns.edns-payload", "1400"));

        assertThat(configuration.authservId().value()).isEqualTo("mx.example.com");
        assertThat(configuration.dns().servers()).extracting(ServerAddress::format)
            .containsExactly("127.0.0.1:5353", "[0:0:0:0:0:0:0:1]:53");
        assertThat(configuration.dns().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(configuration.dns().retries()).isEqualTo(3);
        assertThat(configuration.dns().cacheEntries()).isEqualTo(50);
        assertThat(configuration.dns().maxTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(configuration.dns().maxNegativeTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(configuration.dns().ednsPayload()).isEqualTo(1400);
    }

    @Test
    void receivedReportsAreKept400DaysUnlessConfigured() {
        assertThat(MailauthConfiguration.defaults().receivedRetention()).isEqualTo(Duration.ofDays(400));
        assertThat(MailauthConfiguration.parse(Map.of("reports.received.retention", "90d")).receivedRetention())
            .isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("reports.received.retention", "a year")))
            .hasMessageContaining("invalid reports.received.retention 'a year'");
    }

    @Test
    void aClusterNodeHasANameAndALeaseOnTheReportsItClaims() {
        assertThat(MailauthConfiguration.defaults().reporting().node()).isEmpty();
        assertThat(MailauthConfiguration.defaults().reporting().lease()).isEqualTo(Duration.ofMinutes(10));
        MailauthConfiguration node = MailauthConfiguration.parse(Map.of("reports.node", "mx-2.east", "reports.lease", "30s"));
        assertThat(node.reporting().node()).isEqualTo("mx-2.east");
        assertThat(node.reporting().lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(node.reporting().closingGrace()).as("twice the default poll").isEqualTo(Duration.ofMinutes(2));
        assertThat(MailauthConfiguration.parse(Map.of("reports.poll", "1s")).reporting().closingGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(MailauthConfiguration.parse(Map.of("reports.closing-grace", "5m")).reporting().closingGrace())
            .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("reports.node", "mx 2")))
            .hasMessageContaining("invalid reports.node 'mx 2'");
    }

    @Test
    void exemptAuthorDomainsAreReadAsALabelsAndABadOneIsNamed() {
        assertThat(MailauthConfiguration.parse(Map.of("dmarc.exempt-author-domains", "partner.example, bücher.example")).dmarc())
            .isNotNull();
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("dmarc.exempt-author-domains", "partner.example, ☃.example")))
            .hasMessageContaining("invalid dmarc.exempt-author-domains").hasMessageContaining("'☃.example' is not a domain name");
    }

    @Test
    void anUnknownKeyIsNamed() {
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("dns.timout", "10")))
            .hasMessageContaining("unknown key(s) [dns.timout]")
            .hasMessageContaining("dns.timeout");
    }

    @Test
    void anUnreadableValueNamesItsKey() {
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("dns.timeout", "five")))
            .hasMessageContaining("invalid dns.timeout 'five'");
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("dns.timeout", "-1")))
            .hasMessageContaining("invalid dns.timeout");
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("dns.servers", "127.0.0.1:0")))
            .hasMessageContaining("invalid dns.servers '127.0.0.1:0'");
        assertThatThrownBy(() -> MailauthConfiguration.parse(Map.of("authserv-id", "mx example")))
            .hasMessageContaining("invalid authserv-id");
    }
}
