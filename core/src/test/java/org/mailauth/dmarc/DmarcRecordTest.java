package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcRecord.PublicSuffixFlag;

/** The DMARC Policy Record (RFC 9989 §4.7, §4.8; RFC 7489 §6.3 in compatibility mode). */
class DmarcRecordTest {

    private static DmarcRecord record(String text) {
        return DmarcRecord.parse(text, DmarcMode.RFC9989).orElseThrow();
    }

    private static Optional<DmarcRecord> parse(String text) {
        return DmarcRecord.parse(text, DmarcMode.RFC9989);
    }

    @Test
    void vMustBeTheFirstTagAndExactlyDmarc1OrTheRecordIsIgnored() {
        assertThat(parse("v=DMARC1; p=reject")).isPresent();
        assertThat(parse("v = DMARC1 ;p=reject")).as("WSP around = and ;").isPresent();
        assertThat(parse("p=reject; v=DMARC1")).isEmpty();
        assertThat(parse("v=dmarc1; p=reject")).as("the value is case sensitive").isEmpty();
        assertThat(parse("v=DMARC2; p=reject")).isEmpty();
        assertThat(parse("v=spf1 -all")).isEmpty();
        assertThat(parse("")).isEmpty();
        assertThat(parse("; v=DMARC1; p=reject")).isEmpty();
    }

    @Test
    void theDefaultsAreRelaxedAlignmentNoTestingUnknownPsdAndFo0() {
        DmarcRecord record = record("v=DMARC1; p=quarantine");

        assertThat(record.policy()).isEqualTo(Policy.QUARANTINE);
        assertThat(record.subdomainPolicy()).as("sp defaults to p").isEqualTo(Policy.QUARANTINE);
        assertThat(record.nonExistentSubdomainPolicy()).as("np defaults to sp, then p").isEqualTo(Policy.QUARANTINE);
        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.publicSuffix()).isEqualTo(PublicSuffixFlag.UNKNOWN);
        assertThat(record.testing()).isFalse();
        assertThat(record.failureOptions()).containsExactly("0");
        assertThat(record.aggregateUris()).isEmpty();
    }

    @Test
    void npFallsBackToSpThenP() {
        assertThat(record("v=DMARC1; p=none; sp=reject").nonExistentSubdomainPolicy()).isEqualTo(Policy.REJECT);
        assertThat(record("v=DMARC1; p=none; sp=quarantine; np=reject").nonExistentSubdomainPolicy()).isEqualTo(Policy.REJECT);
        assertThat(record("v=DMARC1; p=none; sp=quarantine; np=reject").subdomainPolicy()).isEqualTo(Policy.QUARANTINE);
    }

    @Test
    void unknownTagsAreIgnoredAndTagValuesAreCaseInsensitiveAbnfLiterals() {
        DmarcRecord record = record("v=DMARC1; p=Reject; future=1; adkim=S; aspf=s; t=Y; psd=N");

        assertThat(record.policy()).isEqualTo(Policy.REJECT);
        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.STRICT);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.STRICT);
        assertThat(record.testing()).isTrue();
        assertThat(record.publicSuffix()).isEqualTo(PublicSuffixFlag.NO);
    }

    @Test
    void anInvalidValueFallsBackToTheDefault() {
        DmarcRecord record = record("v=DMARC1; p=reject; adkim=x; aspf=strict; t=maybe; psd=1; fo=0:1");

        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.testing()).isFalse();
        assertThat(record.publicSuffix()).isEqualTo(PublicSuffixFlag.UNKNOWN);
        assertThat(record.failureOptions()).as("0 and 1 are mutually exclusive").containsExactly("0");
    }

    @Test
    void foListsItsOptionsInAnyOrder() {
        assertThat(record("v=DMARC1; p=none; fo=d:1:s").failureOptions()).containsExactlyInAnyOrder("d", "1", "s");
        assertThat(record("v=DMARC1; p=none; fo=d:d").failureOptions()).as("each at most once").containsExactly("0");
    }

    @Test
    void aRecordWithoutAValidPAppliesAsPNoneOnlyWhenItHasAValidRua() {
        DmarcRecord withRua = record("v=DMARC1; rua=mailto:reports@example.com");
        DmarcRecord withoutRua = record("v=DMARC1; adkim=s");
        DmarcRecord invalidP = record("v=DMARC1; p=block; rua=mailto:reports@example.com");

        assertThat(withRua.appliesDmarc()).isTrue();
        assertThat(withRua.policy()).isEqualTo(Policy.NONE);
        assertThat(withoutRua.appliesDmarc()).isFalse();
        assertThat(invalidP.appliesDmarc()).isTrue();
        assertThat(invalidP.policy()).isEqualTo(Policy.NONE);
        assertThat(record("v=DMARC1; p=block").appliesDmarc()).isFalse();
    }

    @Test
    void anInvalidSpOrNpMakesTheWholeRecordActAsPNone() {
        DmarcRecord record = record("v=DMARC1; p=reject; sp=never; rua=mailto:r@example.com");

        assertThat(record.appliesDmarc()).isTrue();
        assertThat(record.policy()).isEqualTo(Policy.NONE);
        assertThat(record.subdomainPolicy()).isEqualTo(Policy.NONE);
        assertThat(record("v=DMARC1; p=reject; np=x").appliesDmarc()).isFalse();
    }

    @Test
    void reportingUrisAreACommaSeparatedListAndInvalidOnesAreDropped() {
        DmarcRecord record = record("v=DMARC1; p=none; rua=mailto:a@example.com , mailto:b@example.net!10m,not a uri;"
            + " ruf=mailto:f@example.com");

        assertThat(record.aggregateUris()).extracting(uri -> uri.uri().toString())
            .containsExactly("mailto:a@example.com", "mailto:b@example.net");
        assertThat(record.aggregateUris().get(1).maxSize()).hasValue(10L * 1024 * 1024);
        assertThat(record.aggregateUris().get(0).isMailto()).isTrue();
        assertThat(record.failureUris()).extracting(uri -> uri.uri().toString()).containsExactly("mailto:f@example.com");
    }

    @Test
    void aTagGivenTwiceKeepsItsFirstValue() {
        assertThat(record("v=DMARC1; p=reject; p=none").policy()).isEqualTo(Policy.REJECT);
    }

    @Test
    void rfc9989ModeIgnoresPctRfAndRiWhileRfc7489ModeReadsThem() {
        String text = "v=DMARC1; p=reject; pct=20; ri=3600; np=none; psd=y; t=y";
        DmarcRecord bis = DmarcRecord.parse(text, DmarcMode.RFC9989).orElseThrow();
        DmarcRecord old = DmarcRecord.parse(text, DmarcMode.RFC7489).orElseThrow();

        assertThat(bis.percentage()).isEmpty();
        assertThat(bis.nonExistentSubdomainPolicy()).isEqualTo(Policy.NONE);
        assertThat(old.percentage()).hasValue(20);
        assertThat(old.reportInterval()).hasValue(3600);
        assertThat(old.reportFormat()).hasValue("afrf");
        assertThat(bis.reportFormat()).isEmpty();
        assertThat(old.nonExistentSubdomainPolicy()).as("np is RFC 9989's").isEqualTo(Policy.REJECT);
        assertThat(old.publicSuffix()).isEqualTo(PublicSuffixFlag.UNKNOWN);
        assertThat(old.testing()).isFalse();
        assertThat(DmarcRecord.parse("v=DMARC1; p=none; pct=150", DmarcMode.RFC7489).orElseThrow().percentage()).hasValue(100);
    }
}
