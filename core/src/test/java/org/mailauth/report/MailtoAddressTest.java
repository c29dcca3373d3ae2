package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6068 §2 mailto: URIs of RFC 9989 §4.6, read once into one plain address that every mail system reads alike. */
class MailtoAddressTest {

    @Test
    void aPlainAddressIsReadWithItsDomainInLowerCase() {
        MailtoAddress address = MailtoAddress.parse("mailto:DMARC@Example.COM").orElseThrow();

        assertThat(address.localPart()).isEqualTo("DMARC");
        assertThat(address.domain()).isEqualTo("example.com");
        assertThat(address.uri()).isEqualTo("mailto:DMARC@example.com");
    }

    @Test
    void percentEncodingIsDecodedOnceAndPlusStaysPlus() {
        assertThat(MailtoAddress.parse("mailto:dmarc%2Breports@example.com").orElseThrow().address()).isEqualTo("dmarc+reports@example.com");
        assertThat(MailtoAddress.parse("mailto:dmarc+reports@example.com").orElseThrow().address()).isEqualTo("dmarc+reports@example.com");
        assertThat(MailtoAddress.parse("mailto:a%2540b@example.com").orElseThrow().address()).as("%25 decodes to '%', not again")
            .isEqualTo("a%40b@example.com");
        assertThat(MailtoAddress.refusal("mailto:a%4@example.com")).isPresent();
    }

    @Test
    void headerFieldsAndTheSizeLimitAreKeptApart() {
        MailtoAddress address = MailtoAddress.parse("mailto:dmarc@example.com?subject=reports!10m").orElseThrow();

        assertThat(address.address()).isEqualTo("dmarc@example.com");
        assertThat(address.sizeLimit()).hasValue(10L * 1024 * 1024);
        assertThat(address.uri()).isEqualTo("mailto:dmarc@example.com!10485760");
        assertThat(MailtoAddress.parse(address.uri())).hasValue(address);
    }

    @Test
    void aSecondAtSignIsRefusedWhereverItComesFrom() {
        assertThat(MailtoAddress.refusal("mailto:victim@%5B192.0.2.5%5D@attacker.example")).hasValue("not exactly one '@'");
        assertThat(MailtoAddress.parse("mailto:a%40b@example.com")).isEmpty();
        assertThat(MailtoAddress.parse("mailto:%22a@b%22@example.com")).isEmpty();
    }

    @Test
    void domainLiteralsAndNumericHostsAreNeverDestinations() {
        assertThat(MailtoAddress.refusal("mailto:postmaster@%5B127.0.0.1%5D")).hasValue("a domain literal");
        assertThat(MailtoAddress.parse("mailto:postmaster@127.0.0.1")).isEmpty();
        assertThat(MailtoAddress.parse("mailto:postmaster@example.0m")).isEmpty();
        assertThat(MailtoAddress.parse("mailto:postmaster@localhost")).as("one label").isEmpty();
        assertThat(MailtoAddress.parse("mailto:a@-bad.example")).isEmpty();
    }

    @Test
    void quotedLocalPartsSeveralAddressesAndControlCharactersAreRefused() {
        assertThat(MailtoAddress.parse("mailto:%22a%20b%22@example.com")).isEmpty();
        assertThat(MailtoAddress.refusal("mailto:a@example.com,b@example.com")).isPresent();
        assertThat(MailtoAddress.refusal("mailto:a@example.com%2Cb@example.com")).hasValue("more than one address");
        assertThat(MailtoAddress.parse("mailto:a%0D%0ABcc:%20x@example.com")).isEmpty();
        assertThat(MailtoAddress.parse("mailto:a@exa%0Dmple.com")).isEmpty();
        assertThat(MailtoAddress.parse("mailto:..a@example.com")).isEmpty();
    }

    @Test
    void unicodeDomainsBecomeALabels() {
        assertThat(MailtoAddress.parse("mailto:dmarc@stra%C3%9Fe.de").orElseThrow().domain()).isEqualTo("xn--strae-oqa.de");
        assertThat(MailtoAddress.parse("mailto:dmarc@straße.de").orElseThrow().domain()).isEqualTo("xn--strae-oqa.de");
        assertThat(MailtoAddress.parse("mailto:d\ud83d\ude00@example.com")).as("a local part outside ASCII").isEmpty();
    }

    @Test
    void otherSchemesAreNotMailAddresses() {
        assertThat(MailtoAddress.refusal("https://example.com/reports")).hasValue("not a mailto: URI");
        assertThat(MailtoAddress.parse("mailto:")).isEmpty();
    }
}
