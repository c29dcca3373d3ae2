package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dmarc.PublicSuffixList;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * RFC 9990 §4: reports go outside the policy domain's Organizational Domain only where the destination domain
 * agreed in the DNS, and only to the address that was verified.
 */
class DestinationVerificationTest {

    private final InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
        .txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com")
        .txt("example.com._report._dmarc.reports.example.net", "v=DMARC1")
        .txt("example.com._report._dmarc.wrong.example.net", "v=spf1 -all")
        .temporaryFailure("example.com._report._dmarc.broken.example")
        .txt("_dmarc.x.shared.example", "v=DMARC1; p=none; rua=mailto:owner@shared.example")
        .txt("_dmarc.shared.example", "v=DMARC1; p=none; psd=y")
        .build();

    private Optional<String> verify(String policyDomain, String uri) {
        return new DestinationVerification(dns, DmarcSettings.defaults()).verify(policyDomain, uri).toCompletableFuture().join()
            .map(MailtoAddress::address);
    }

    private DestinationVerification.Outcome check(String policyDomain, String uri) {
        return new DestinationVerification(dns, DmarcSettings.defaults()).check(policyDomain, uri).toCompletableFuture().join();
    }

    @Test
    void theSameOrganizationalDomainNeedsNoConsent() {
        assertThat(verify("example.com", "mailto:dmarc@example.com")).hasValue("dmarc@example.com");
        assertThat(verify("example.com", "mailto:dmarc@reports.example.com")).hasValue("dmarc@reports.example.com");
        assertThat(verify("mail.example.com", "mailto:dmarc@example.com")).hasValue("dmarc@example.com");
    }

    @Test
    void anExternalDomainMustPublishItsConsent() {
        assertThat(verify("example.com", "mailto:d@reports.example.net")).hasValue("d@reports.example.net");
        assertThat(verify("example.com", "mailto:victim@elsewhere.example")).isEmpty();
        assertThat(verify("example.com", "mailto:d@wrong.example.net")).as("not a DMARC1 record").isEmpty();
        assertThat(check("example.com", "mailto:d@broken.example").temporary()).as("DNS failure: not now").isTrue();
    }

    @Test
    void aParentDomainAcrossAPublicSuffixIsAnotherOrganizationAndNeedsConsent() {
        assertThat(check("x.shared.example", "mailto:anyone@shared.example").address()).isEmpty();
        assertThat(check("x.shared.example", "mailto:anyone@shared.example").reason())
            .contains("x.shared.example._report._dmarc.shared.example");
    }

    @Test
    void inRfc7489ModeThePublicSuffixListDecidesTheOrganizationalDomain() {
        DmarcSettings rfc7489 = DmarcSettings.builder().mode(DmarcMode.RFC7489).publicSuffixList(PublicSuffixList.bundled()).build();
        DestinationVerification verification = new DestinationVerification(dns, rfc7489);

        assertThat(verification.verify("x.duckdns.org", "mailto:anyone@duckdns.org").toCompletableFuture().join())
            .as("duckdns.org is a public suffix (private section): x.duckdns.org is its own organization").isEmpty();
        assertThat(verification.verify("a.b.example", "mailto:dmarc@b.example").toCompletableFuture().join()).isPresent();
    }

    @Test
    void aDomainLiteralBehindASecondAtSignIsNeverADestination() {
        assertThat(verify("attacker.example", "mailto:victim@%5B192.0.2.5%5D@attacker.example")).isEmpty();
        assertThat(verify("attacker.example", "mailto:postmaster@%5B127.0.0.1%5D@attacker.example")).isEmpty();
        assertThat(check("attacker.example", "mailto:victim@%5B192.0.2.5%5D@attacker.example").reason()).contains("not exactly one '@'");
        assertThat(dns.lookups()).isZero();
    }

    @Test
    void onlySingleMailtoAddressesAreDestinations() {
        assertThat(verify("example.com", "https://example.com/reports")).isEmpty();
        assertThat(verify("example.com", "mailto:a@example.com,b@example.com")).isEmpty();
        assertThat(verify("example.com", "mailto:dmarc%2Breports@example.com?subject=x")).hasValue("dmarc+reports@example.com");
    }
}
