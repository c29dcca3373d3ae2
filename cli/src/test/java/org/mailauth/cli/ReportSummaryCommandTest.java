package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailauth report summary}: per policy domain, a table for people and one JSON line for scripts. */
class ReportSummaryCommandTest {

    private static final long NOV_14_2023 = 1_699_920_000L;
    private static final long NOV_15_2023 = 1_700_006_400L;

    @TempDir
    Path folder;

    private String url;

    @BeforeEach
    void ingestReports() throws Exception {
        url = "jdbc:h2:file:" + folder.resolve("reports").toAbsolutePath();
        Path google = Files.writeString(folder.resolve("google.xml"), ReceivedReportFiles.report("google.com", "g1", "example.com",
            NOV_14_2023, "192.0.2.1,100,pass,pass", "198.51.100.7,3,fail,fail"));
        Path yahoo = Files.writeString(folder.resolve("yahoo.xml"), ReceivedReportFiles.report("Yahoo", "y1", "example.com",
            NOV_15_2023, "192.0.2.1,20,pass,fail", "198.51.100.7,2,fail,fail"));
        Path other = Files.writeString(folder.resolve("other.xml"), ReceivedReportFiles.report("google.com", "g2", "example.org",
            NOV_15_2023, "203.0.113.5,7,fail,pass"));
        CommandRun ingest = CommandRun.of("report", "ingest", "--database-url", url, google.toString(), yahoo.toString(), other.toString());
        assertThat(ingest.exitCode).as(ingest.err).isZero();
    }

    @Test
    void jsonIsOneLinePerPolicyDomainWithTheTopSources() {
        CommandRun run = CommandRun.of("report", "summary", "--json", "--database-url", url);

        assertThat(run.exitCode).as(run.err).isZero();
        List<Map<String, Object>> lines = run.out.lines().map(ReportParseCommandTest::json).collect(Collectors.toList());
        assertThat(lines).extracting(line -> line.get("policy_domain")).containsExactly("example.com", "example.org");
        Map<String, Object> com = lines.get(0);
        assertThat(com).containsEntry("messages", new BigDecimal(125)).containsEntry("dmarc_pass", new BigDecimal(120))
            .containsEntry("dmarc_fail", new BigDecimal(5)).containsEntry("spf_aligned", new BigDecimal(100))
            .containsEntry("dkim_aligned", new BigDecimal(120)).containsEntry("reports", new BigDecimal(2))
            .containsEntry("failure_reports", BigDecimal.ZERO);
        assertThat(com.get("days")).isEqualTo(List.of(
            Map.of("date", "2023-11-14", "pass", new BigDecimal(100), "fail", new BigDecimal(3)),
            Map.of("date", "2023-11-15", "pass", new BigDecimal(20), "fail", new BigDecimal(2))));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sources = (List<Map<String, Object>>) com.get("sources");
        assertThat(sources).extracting(source -> source.get("ip")).as("most failures first").containsExactly("198.51.100.7", "192.0.2.1");
        assertThat(sources.get(0)).containsEntry("reverse_name", null).containsEntry("messages", new BigDecimal(5))
            .containsEntry("failures", new BigDecimal(5)).containsEntry("reporters", List.of("Yahoo", "google.com"));
    }

    @Test
    void textIsATablePerDomainAndTheOptionsNarrowIt() {
        CommandRun all = CommandRun.of("report", "summary", "--database-url", url, "--top", "1");
        CommandRun since = CommandRun.of("report", "summary", "--database-url", url, "--domain", "example.com", "--since", "2023-11-15");
        CommandRun none = CommandRun.of("report", "summary", "--database-url", url, "--domain", "example.net");

        assertThat(all.exitCode).as(all.err).isZero();
        assertThat(all.out.lines().collect(Collectors.toList())).containsExactly(
            "example.com: 125 messages, 120 passed DMARC (96.0%), 5 failed; SPF aligned 80.0%, DKIM aligned 96.0%; 2 reports, 0 failure reports",
            String.format("  %-39s %10s %10s  %-30s %s", "SOURCE", "MESSAGES", "FAILURES", "REVERSE NAME", "REPORTERS"),
            String.format("  %-39s %10d %10d  %-30s %s", "198.51.100.7", 5, 5, "-", "Yahoo, google.com"),
            "example.org: 7 messages, 7 passed DMARC (100.0%), 0 failed; SPF aligned 100.0%, DKIM aligned 0.0%; 1 report, 0 failure reports",
            String.format("  %-39s %10s %10s  %-30s %s", "SOURCE", "MESSAGES", "FAILURES", "REVERSE NAME", "REPORTERS"),
            String.format("  %-39s %10d %10d  %-30s %s", "203.0.113.5", 7, 0, "-", "google.com"));
        assertThat(since.out).startsWith("example.com: 22 messages, 20 passed DMARC").contains("1 report,");
        assertThat(none.out.strip()).isEqualTo("no received reports for example.net");
    }

    @Test
    void aDateThatIsNoDateIsAUsageErrorOfTheSummary() {
        CommandRun run = CommandRun.of("report", "summary", "--database-url", url, "--since", "yesterday");
        CommandRun top = CommandRun.of("report", "summary", "--database-url", url, "--top", "0");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).startsWith("Invalid value for option '--since': a day such as 2026-11-01, not 'yesterday'")
            .contains("Usage: mailauth report summary");
        assertThat(top.exitCode).isEqualTo(2);
        assertThat(top.err).startsWith("--top must be a positive number of sources: 0");
    }
}
