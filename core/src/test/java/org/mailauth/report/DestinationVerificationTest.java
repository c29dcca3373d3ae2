package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;

/** RFC 9990 §3: reports go outside the policy domain only where the destination domain agreed in the DNS. */
class DestinationVerificationTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("example.com._report._dmarc.reports.example.net", "v=DMARC1")
        .txt("example.com._report._dmarc.wrong.example.net", "v=spf1 -all")
        .temporaryFailure("example.com._report._dmarc.broken.example")
        .build();

    private Optional<String> verify(String policyDomain, String uri) {
        return new DestinationVerification(dns).verify(policyDomain, uri).toCompletableFuture().join();
    }

    @Test
    void theDomainItselfItsSubdomainsAndItsParentsNeedNoVerification() {
        assertThat(verify("example.com", "mailto:dmarc@example.com")).hasValue("example.com");
        assertThat(verify("example.com", "mailto:dmarc@reports.example.com")).hasValue("reports.example.com");
        assertThat(verify("mail.example.com", "mailto:dmarc@example.com")).hasValue("example.com");
        assertThat(dns.lookups()).isZero();
    }

    @Test
    void anExternalDomainMustPublishItsConsent() {
        assertThat(verify("example.com", "mailto:d@reports.example.net")).hasValue("reports.example.net");
        assertThat(verify("example.com", "mailto:victim@elsewhere.example")).isEmpty();
        assertThat(verify("example.com", "mailto:d@wrong.example.net")).as("not a DMARC1 record").isEmpty();
        assertThat(verify("example.com", "mailto:d@broken.example")).as("DNS failure: not now").isEmpty();
    }

    @Test
    void onlySingleMailtoAddressesAreDestinations() {
        assertThat(verify("example.com", "https://example.com/reports")).isEmpty();
        assertThat(verify("example.com", "mailto:a@example.com,b@example.com")).isEmpty();
        assertThat(DestinationVerification.mailtoAddress("mailto:dmarc%2Breports@example.com?subject=x")).hasValue("dmarc+reports@example.com");
    }
}
