package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DiscoveredPolicy.Outcome;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;

/** DMARC Policy Discovery by the DNS Tree Walk (RFC 9989 §4.10, §4.10.1, §4.10.2), and by the PSL in RFC 7489 mode. */
class PolicyDiscoveryTest {

    private static final PublicSuffixList PSL = PublicSuffixList.bundled();

    private static DiscoveredPolicy discover(InMemoryDnsResolver dns, String author) {
        return new PolicyDiscovery(dns, DmarcMode.RFC9989, PSL).discover(author).toCompletableFuture().join();
    }

    @Test
    void theAuthorDomainsOwnRecordAppliesWithItsP() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=none").build();

        DiscoveredPolicy found = discover(dns, "example.com");

        assertThat(found.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(found.policyDomain()).hasValue("example.com");
        assertThat(found.policy()).hasValue(Policy.REJECT);
        assertThat(found.organizationalDomain()).hasValue("example.com");
    }

    @Test
    void aSubdomainWithoutItsOwnRecordGetsItsOrganizationalDomainsSp() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine").build();

        DiscoveredPolicy found = discover(dns, "mail.example.com");

        assertThat(found.policyDomain()).hasValue("example.com");
        assertThat(found.policy()).hasValue(Policy.QUARANTINE);
        assertThat(found.organizationalDomain()).hasValue("example.com");
        assertThat(dns.lookups("mail.example.com", RecordType.A)).as("np = sp: existence does not matter").isZero();
    }

    @Test
    void aNonExistentSubdomainGetsNpAndAnExistingOneSp() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; p=none; sp=quarantine; np=reject")
            .a("www.example.com", "192.0.2.1").build();

        DiscoveredPolicy missing = discover(dns, "nowhere.example.com");
        DiscoveredPolicy existing = discover(dns, "www.example.com");

        assertThat(missing.policy()).hasValue(Policy.REJECT);
        assertThat(missing.nonExistentAuthorDomain()).isTrue();
        assertThat(existing.policy()).hasValue(Policy.QUARANTINE);
        assertThat(existing.nonExistentAuthorDomain()).isFalse();
    }

    @Test
    void withRecordsAtSeveralAncestorsTheOneWithFewestLabelsIsTheOrganizationalDomain() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.mail.example.com", "v=DMARC1; p=none")
            .txt("_dmarc.example.com", "v=DMARC1; p=reject").build();

        DiscoveredPolicy found = discover(dns, "a.mail.example.com");

        assertThat(found.organizationalDomain()).hasValue("example.com");
        assertThat(found.policyDomain()).hasValue("example.com");
        assertThat(found.policy()).hasValue(Policy.REJECT);
    }

    @Test
    void psdNMakesThatDomainTheOrganizationalDomainAndStopsTheWalk() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.mail.example.com", "v=DMARC1; p=quarantine; psd=n")
            .txt("_dmarc.example.com", "v=DMARC1; p=reject").build();

        DiscoveredPolicy found = discover(dns, "a.mail.example.com");

        assertThat(found.organizationalDomain()).hasValue("mail.example.com");
        assertThat(found.policy()).hasValue(Policy.QUARANTINE);
        assertThat(dns.lookups("_dmarc.example.com", RecordType.TXT)).isEqualTo(1);
    }

    @Test
    void aPsdYRecordMakesTheNameOneLabelBelowTheOrganizationalDomainAndAppliesWhenThatHasNoRecord() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.example", "v=DMARC1; p=reject; psd=y; np=reject; sp=quarantine")
            .a("mail.brand.example", "192.0.2.1").build();

        DiscoveredPolicy found = discover(dns, "mail.brand.example");

        assertThat(found.organizationalDomain()).hasValue("brand.example");
        assertThat(found.policyDomain()).hasValue("example");
        assertThat(found.policy()).hasValue(Policy.QUARANTINE);
    }

    @Test
    void theOrganizationalDomainsOwnRecordWinsOverThePsds() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.brand.example", "v=DMARC1; p=none")
            .txt("_dmarc.example", "v=DMARC1; p=reject; psd=y").build();

        DiscoveredPolicy found = discover(dns, "mail.brand.example");

        assertThat(found.organizationalDomain()).hasValue("brand.example");
        assertThat(found.policyDomain()).hasValue("brand.example");
        assertThat(found.policy()).hasValue(Policy.NONE);
    }

    @Test
    void aLongAuthorDomainCostsAtMostEightQueries() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder().txt("_dmarc.example.com", "v=DMARC1; p=reject").build();

        DiscoveredPolicy found = discover(dns, "a.b.c.d.e.f.g.h.i.j.mail.example.com");

        assertThat(found.policyDomain()).hasValue("example.com");
        assertThat(dns.lookups()).isEqualTo(8);
        for (String name : new String[] {"a.b.c.d.e.f.g.h.i.j.mail.example.com", "g.h.i.j.mail.example.com", "h.i.j.mail.example.com",
            "i.j.mail.example.com", "j.mail.example.com", "mail.example.com", "example.com", "com"}) {
            assertThat(dns.lookups("_dmarc." + name, RecordType.TXT)).as(name).isEqualTo(1);
        }
    }

    @Test
    void severalDmarcRecordsAtOneNameAreAllDiscardedButOtherTxtRecordsDoNotCount() {
        InMemoryDnsResolver twoRecords = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject").txt("_dmarc.example.com", "v=DMARC1; p=none").build();
        InMemoryDnsResolver withOtherTxt = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject").txt("_dmarc.example.com", "google-site-verification=abc").build();

        assertThat(discover(twoRecords, "example.com").outcome()).isEqualTo(Outcome.NONE);
        assertThat(discover(withOtherTxt, "example.com").policy()).hasValue(Policy.REJECT);
    }

    @Test
    void noRecordAnywhereMeansDmarcDoesNotApply() {
        DiscoveredPolicy found = discover(InMemoryDnsResolver.builder().build(), "mail.example.com");

        assertThat(found.outcome()).isEqualTo(Outcome.NONE);
        assertThat(found.organizationalDomain()).hasValue("mail.example.com");
    }

    @Test
    void aRecordWithoutValidPAppliesAsPNoneOnlyWithAValidRua() {
        InMemoryDnsResolver withRua = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.com", "v=DMARC1; rua=mailto:dmarc@example.com").build();
        InMemoryDnsResolver withoutRua = InMemoryDnsResolver.builder().txt("_dmarc.example.com", "v=DMARC1; p=bounce").build();

        assertThat(discover(withRua, "example.com").policy()).hasValue(Policy.NONE);
        assertThat(discover(withoutRua, "example.com").outcome()).isEqualTo(Outcome.NONE);
    }

    @Test
    void aDnsFailureDuringDiscoveryIsATemporaryFailure() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .temporaryFailure("_dmarc.example.com").build();

        DiscoveredPolicy found = discover(dns, "mail.example.com");

        assertThat(found.outcome()).isEqualTo(Outcome.TEMPORARY_FAILURE);
        assertThat(found.problem().orElseThrow()).contains("_dmarc.example.com");
    }

    @Test
    void aDnsFailureAboveTheAuthorsOwnRecordLeavesOnlyTheOrganizationalDomainUnknown() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.mail.example.com", "v=DMARC1; p=reject").temporaryFailure("_dmarc.com").build();

        DiscoveredPolicy found = discover(dns, "mail.example.com");

        assertThat(found.policy()).hasValue(Policy.REJECT);
        assertThat(found.organizationalDomain()).isEmpty();
    }

    @Test
    void rfc7489ModeFindsTheOrganizationalDomainByThePublicSuffixList() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("_dmarc.example.co.uk", "v=DMARC1; p=reject; sp=quarantine").build();

        DiscoveredPolicy found = new PolicyDiscovery(dns, DmarcMode.RFC7489, PSL).discover("mail.example.co.uk")
            .toCompletableFuture().join();

        assertThat(found.policyDomain()).hasValue("example.co.uk");
        assertThat(found.policy()).hasValue(Policy.QUARANTINE);
        assertThat(dns.lookups()).as("the author, then the organizational domain; no walk").isEqualTo(2);
    }
}
