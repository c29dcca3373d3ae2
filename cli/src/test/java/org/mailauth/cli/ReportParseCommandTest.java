package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailauth report parse}: what each file holds, one line per file for scripts, and an exit status per outcome. */
class ReportParseCommandTest {

    @TempDir
    Path folder;

    @Test
    void everyFileIsDescribedWithItsReportsAndAFileThatIsNoReportIsNamedWithExitStatus1() throws Exception {
        Path google = ReceivedReportFiles.real("parsedmarc/google.com!example.com!1718236800!1718323199.xml");
        Path mimecast = ReceivedReportFiles.real("parsedmarc/mimecast-weird-gzip.eml");
        Path failure = ReceivedReportFiles.real("mail-auth-failure/003.eml");
        Path note = Files.writeString(folder.resolve("note.txt"), "nothing to see");

        CommandRun run = CommandRun.of("report", "parse", "--json", google.toString(), mimecast.toString(), failure.toString(), note.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(1);
        List<String> lines = run.out.lines().collect(java.util.stream.Collectors.toList());
        assertThat(lines).hasSize(4);
        Map<String, Object> first = json(lines.get(0));
        assertThat(first).containsEntry("file", google.toString()).containsEntry("result", "ok").containsEntry("error", null)
            .containsEntry("failure_reports", List.of());
        // np (RFC 9990 §3.1.2) in policy_published makes Google's report an RFC 9990 one
        assertThat(first.get("reports")).isEqualTo(List.of(Map.of("org_name", "google.com", "report_id", "11038226378739404135",
            "policy_domain", "example.com", "begin", "2024-06-13T00:00:00Z", "end", "2024-06-13T23:59:59Z", "format", "rfc9990",
            "records", new BigDecimal(20), "messages", new BigDecimal(3047), "repairs", List.of())));
        assertThat(((List<?>) json(lines.get(1)).get("reports")).toString()).contains("org_name=Mimecast");
        assertThat(json(lines.get(2)).get("failure_reports")).isEqualTo(List.of(Map.of("feedback_type", "auth-failure",
            "auth_failure", "bodyhash", "source_ip", "192.0.2.1", "reported_domains", List.of("example.net"))));
        assertThat(json(lines.get(3))).containsEntry("result", "error").containsEntry("error", "not a report: neither XML, gzip, zip nor an e-mail")
            .containsEntry("reports", List.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String line) {
        return (Map<String, Object>) JsonReader.read(line);
    }

    @Test
    void textSaysWhatEachReportCoversAndWhatWasRepaired() {
        CommandRun run = CommandRun.of("report", "parse", ReceivedReportFiles.real("parsedmarc/invalid_utf_8.xml").toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains(": ok\n  administrator@accurateplastics.com report example.com:1538463741 on example.com, "
            + "2018-10-01T17:07:12Z to 2018-10-01T17:07:12Z (rfc7489): 1 record, 1 message; repaired: read as Windows-1252");
    }

    @Test
    void aMissingFileIsAUsageErrorInOneLine() {
        CommandRun run = CommandRun.of("report", "parse", folder.resolve("absent.xml").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("mailauth: " + folder.resolve("absent.xml") + ": no such file");
    }

    @Test
    void verboseSaysHowLongTheReadingTook() {
        CommandRun run = CommandRun.of("report", "parse", "-v", ReceivedReportFiles.real("dmarc-report-viewer/aol.xml").toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.err).matches("mailauth: read 1 files in \\d+ ms\\s*");
    }
}
