package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * What one message can make the report store keep is bounded when the observation is made (issue 21, item 3): the
 * largest values, every character one the store escapes, fit the store's columns, and what is cut is documented.
 */
class StoredValueBoundsTest {

    private static final ReportInterval DAY = ReportInterval.containing(Instant.parse("2026-11-28T00:00:00Z"), Duration.ofDays(1));
    private static final String HUGE = "\\".repeat(100_000);

    private static PublishedPolicy policy(String domain) {
        return new PublishedPolicy(domain, "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk", Optional.empty(), false);
    }

    private static AggregateRow row(String domain) {
        return new AggregateRow("192.0.2.1", domain, Optional.empty(), Optional.empty(), "none", false, false, List.of(), List.of(),
            Optional.empty(), Optional.empty());
    }

    private static List<String> uris(int count, String prefix) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "mailto:" + prefix + i + "@example.com").collect(Collectors.toList());
    }

    @Test
    void theLargestRowEveryCharacterEscapedFitsItsColumn() {
        List<AggregateRow.Reason> reasons = Collections.nCopies(1000, new AggregateRow.Reason(HUGE, HUGE));
        List<AggregateRow.DkimResult> dkim = Collections.nCopies(1000, new AggregateRow.DkimResult(HUGE, HUGE, HUGE));
        AggregateRow row = new AggregateRow(HUGE, HUGE, Optional.of(HUGE), Optional.of(HUGE), HUGE, false, false, reasons, dkim,
            Optional.of(HUGE), Optional.of(HUGE));

        assertThat(row.encoded().length()).isLessThanOrEqualTo(ReportStore.ROW_DATA_LENGTH);
        assertThat(AggregateRow.decode(row.encoded())).isEqualTo(row);
        assertThat(row.reasons).hasSize(AggregateRow.MAX_REASONS);
        assertThat(row.dkim).hasSize(AggregateRow.MAX_DKIM_RESULTS);
    }

    @Test
    void theLargestPublishedPolicyFitsItsColumnsAndItsDomainThePolicyDomainColumn() {
        PublishedPolicy policy = new PublishedPolicy(HUGE, HUGE, Optional.of(HUGE), Optional.of(HUGE), HUGE, HUGE, HUGE,
            Optional.of(HUGE), true);

        assertThat(policy.encoded().length()).isLessThanOrEqualTo(ReportStore.POLICY_LENGTH);
        assertThat(policy.domain()).hasSize(ReportStore.POLICY_DOMAIN_LENGTH);
        assertThat(ReportDelivery.reportId(Long.MAX_VALUE, policy.domain())).hasSizeLessThanOrEqualTo(ReportStore.REPORT_ID_LENGTH);
    }

    @Test
    void theFirstFiveReportUrisAreKeptInTheRecordsOrder() {
        Observation observation = new Observation(DAY, policy("example.com"), uris(400, "d"), row("example.com"));

        assertThat(observation.destinations()).isEqualTo(uris(ReportDestinations.MAX_PER_RECORD, "d"));
    }

    /** RFC 9990 §3.5: a malformed URI is ignored. A cut or repaired address would be another address. */
    @Test
    void aReportUriTooLongOrWithACharacterAReportCannotCarryIsIgnoredNeverCut() {
        String tooLong = "mailto:" + "a".repeat(Observation.MAX_URI_LENGTH) + "@example.com";
        List<String> requested = new ArrayList<>(List.of(tooLong, "mailto:a\u0000@example.com", "mailto:b\ud800@example.com",
            "mailto:ok@example.com"));

        assertThat(new Observation(DAY, policy("example.com"), requested, row("example.com")).destinations())
            .containsExactly("mailto:ok@example.com");
    }

    @Test
    void theLongestReportUrisEveryCharacterEscapedFitTheDestinationsColumn() {
        String longest = "mailto:" + "\\".repeat(Observation.MAX_URI_LENGTH - 7);
        Observation observation = new Observation(DAY, policy("example.com"), Collections.nCopies(400, longest), row("example.com"));

        assertThat(observation.encodedDestinations().length()).isLessThanOrEqualTo(ReportStore.DESTINATIONS_LENGTH);
        assertThat(observation.destinations()).isNotEmpty().allSatisfy(uri -> assertThat(uri)
            .hasSizeLessThanOrEqualTo(ReportStore.DESTINATION_LENGTH / 2));
    }

    @Test
    void aRecordWhoseEveryUriIsIgnoredAddsNoObservation() throws Exception {
        String record = "v=DMARC1; p=none; rua=mailto:" + "a".repeat(Observation.MAX_URI_LENGTH) + "@example.com";
        DmarcResult result = new DmarcEvaluator(InMemoryDnsResolver.builder().txt("_dmarc.example.com", record).build(),
            DmarcSettings.defaults()).evaluate(List.of("x@example.com"), Optional.empty(), List.of(), Optional.empty())
            .toCompletableFuture().join();

        assertThat(Observation.of(result, DmarcMode.RFC9989, DAY, "192.0.2.1", Optional.empty(), Optional.empty())).isEmpty();
    }

    /** RFC 9990 §3.1.3: passing and strictly aligned first, then relaxed, then any other pass, then the rest. */
    @Test
    void theDkimResultsKeptAreTheOnesRfc9990RanksFirst() throws Exception {
        List<DkimSignatureResult> signatures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            signatures.add(signature("other" + i + ".example", DkimResult.FAIL));
        }
        signatures.add(signature("third-party.example", DkimResult.PASS));
        signatures.add(signature("mail.example.com", DkimResult.PASS));
        signatures.add(signature("example.com", DkimResult.PASS));
        DmarcResult result = new DmarcEvaluator(InMemoryDnsResolver.builder().txt("_dmarc.example.com", "v=DMARC1; p=none").build(),
            DmarcSettings.defaults()).evaluate(List.of("x@example.com"), Optional.empty(), signatures,
                Optional.of(InetAddress.getByName("192.0.2.1"))).toCompletableFuture().join();

        AggregateRow row = AggregateRow.of(result, "192.0.2.1", Optional.empty(), Optional.empty());

        assertThat(row.dkim).hasSize(AggregateRow.MAX_DKIM_RESULTS);
        assertThat(row.dkim.subList(0, 4)).extracting(dkim -> dkim.domain + " " + dkim.result)
            .containsExactly("example.com pass", "mail.example.com pass", "third-party.example pass", "other0.example fail");
    }

    private static DkimSignatureResult signature(String domain, DkimResult result) {
        return new DkimSignatureResult(result, Optional.empty(), domain, "s", "rsa-sha256", Optional.empty(), OptionalInt.of(2048), false, "b");
    }
}
