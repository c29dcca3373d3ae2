package org.mailauth.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReportFormat;
import org.mailauth.report.received.Submission.Authenticity;

/** summary.json: the store's summary, names as in RFC 9990's XML, counts as numbers, ISO dates, strings escaped. */
class SummaryJsonTest {

    private static final Instant SINCE = Instant.parse("2025-03-01T00:00:00Z");

    @Test
    void everyFigureOfADomainIsAMemberWithItsNumberDatesAreIso8601() {
        DmarcSummary summary = new DmarcSummary(List.of(new DmarcSummary.Domain("example.com", 120, 100, 90, 95, 2, 1,
            List.of(new DmarcSummary.Day(LocalDate.of(2025, 3, 1), 100, 20)),
            List.of(new DmarcSummary.Source("192.0.2.1", Optional.empty(), 20, 20, List.of("google.com", "Yahoo")),
                new DmarcSummary.Source("2001:db8::1", Optional.of("mx.example.com"), 100, 0, List.of("google.com"))),
            List.of(new DmarcSummary.Report("google.com", "123.example.com", Instant.parse("2025-03-01T00:00:00Z"),
                Instant.parse("2025-03-01T23:59:59Z"), ReportFormat.RFC9990, 2, 120, Authenticity.AUTHENTICATED)))));

        assertThat(SummaryJson.of(summary, SINCE)).isEqualTo("{\"since\":\"2025-03-01T00:00:00Z\",\"domains\":[{"
            + "\"policy_domain\":\"example.com\",\"messages\":120,\"dmarc_pass\":100,\"dmarc_fail\":20,\"spf_aligned\":90,"
            + "\"dkim_aligned\":95,\"reports\":2,\"failure_reports\":1,"
            + "\"days\":[{\"date\":\"2025-03-01\",\"pass\":100,\"fail\":20}],"
            + "\"sources\":[{\"ip\":\"192.0.2.1\",\"reverse_name\":null,\"messages\":20,\"failures\":20,\"reporters\":[\"google.com\",\"Yahoo\"]},"
            + "{\"ip\":\"2001:db8::1\",\"reverse_name\":\"mx.example.com\",\"messages\":100,\"failures\":0,\"reporters\":[\"google.com\"]}],"
            + "\"report_list\":[{\"org_name\":\"google.com\",\"report_id\":\"123.example.com\",\"begin\":\"2025-03-01T00:00:00Z\","
            + "\"end\":\"2025-03-01T23:59:59Z\",\"format\":\"rfc9990\",\"records\":2,\"messages\":120,\"authenticity\":\"authenticated\"}]}]}");
    }

    @Test
    void noReportIsAnEmptyListOfDomains() {
        assertThat(SummaryJson.of(new DmarcSummary(List.of()), SINCE)).isEqualTo("{\"since\":\"2025-03-01T00:00:00Z\",\"domains\":[]}");
    }

    @Test
    void whatAReporterWroteIsEscapedWherever() {
        String json = SummaryJson.of(SampleSummary.summary(), SINCE);

        assertThat(json).doesNotContain("<", ">", "&")
            .contains("\"org_name\":\"\\u003cimg src=x onerror=alert(1)\\u003e\"")
            .contains("\"report_id\":\"\\\"\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e\"")
            .contains("\"reverse_name\":\"\\u003cb onmouseover=alert(3)\\u003emx\\u003c/b\\u003e\"");
    }

    @Test
    void formatAndAuthenticityAreTheirKeywords() {
        String json = SummaryJson.of(SampleSummary.summary(), SINCE);

        assertThat(json).contains("\"format\":\"rfc7489\"", "\"format\":\"rfc9990\"", "\"authenticity\":\"unauthenticated\"",
            "\"authenticity\":\"unknown\"");
    }
}
