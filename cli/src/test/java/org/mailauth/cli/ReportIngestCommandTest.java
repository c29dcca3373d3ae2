package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.report.jdbc.JdbcReportStore;

/** {@code mailauth report ingest}: report files into a real H2 store, each report once, per file stored/duplicate/error. */
class ReportIngestCommandTest {

    @TempDir
    Path folder;

    private String url() {
        return "jdbc:h2:file:" + folder.resolve("store/reports").toAbsolutePath();
    }

    @Test
    void reportsAreStoredOnceAndARepeatedFileIsADuplicate() throws Exception {
        Path twilight = ReceivedReportFiles.real("parsedmarc/twilight.eml");
        Path zoho = ReceivedReportFiles.real("parsedmarc/zoho.com!example.com!1581753600!1581840000.xml");

        CommandRun first = CommandRun.of("report", "ingest", "--database-url", url(), twilight.toString(), zoho.toString());
        CommandRun again = CommandRun.of("report", "ingest", "--json", "--now", "1700000000", "--database-url", url(), zoho.toString());

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(first.out).contains(twilight + ": stored\n  new: google.com report 1627703331531660819 on twlnet.com")
            .contains(zoho + ": stored\n  new: zoho.com report e2cb5d97-dcbb-470f-b2dd-45519a2abbb3 on example.com");
        assertThat(again.exitCode).as(again.err).isZero();
        Map<String, Object> line = ReportParseCommandTest.json(again.out.strip());
        assertThat(line).containsEntry("result", "duplicate").containsEntry("error", null);
        assertThat(line.get("reports").toString()).contains("stored=duplicate").contains("messages=9");
        CommandRun summary = CommandRun.of("report", "summary", "--database-url", url(), "--domain", "example.com");
        assertThat(summary.out).startsWith("example.com: 9 messages, 0 passed DMARC");
    }

    @Test
    void aFileThatIsNoReportIsNamedTheOthersAreStoredAndTheExitStatusIs1() throws Exception {
        Path junk = Files.writeString(folder.resolve("junk.xml"), "<html>no</html>");
        Path good = Files.writeString(folder.resolve("good.xml"),
            ReceivedReportFiles.report("reporter.example", "r1", "example.org", 1_700_006_400L, "192.0.2.1,4,pass,fail"));

        CommandRun run = CommandRun.of("report", "ingest", "--database-url", url(), junk.toString(), good.toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out.lines().collect(Collectors.toList())).containsExactly(
            junk + ": error: the root element is <html>, not <feedback>: not a DMARC aggregate report",
            good + ": stored",
            "  new: reporter.example report r1 on example.org, 2023-11-15T00:00:00Z to 2023-11-15T23:59:59Z (rfc7489): 1 record, 4 messages");
    }

    @Test
    void theStoreOfAMailauthRunFolderIsMigratedAndUsed() throws Exception {
        Path data = folder.resolve("data");
        Path store = Files.createDirectories(data.resolve("james/var/mailauth")).resolve("reports");
        JdbcReportStore older = new JdbcReportStore(() -> DriverManager.getConnection("jdbc:h2:file:" + store.toAbsolutePath(), "", ""));
        older.migrate();
        Path good = Files.writeString(folder.resolve("good.xml"),
            ReceivedReportFiles.report("reporter.example", "r1", "example.org", 1_700_006_400L, "192.0.2.1,4,pass,fail"));

        CommandRun run = CommandRun.of("report", "ingest", "--data", data.toString(), good.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith(good + ": stored");
    }

    @Test
    void aFolderWithoutStoreAndAMissingFileAreUsageErrors() {
        CommandRun noStore = CommandRun.of("report", "ingest", "--data", folder.toString(),
            ReceivedReportFiles.real("dmarc-report-viewer/aol.xml").toString());
        CommandRun missing = CommandRun.of("report", "ingest", "--database-url", url(), folder.resolve("absent.eml").toString());

        assertThat(noStore.exitCode).isEqualTo(2);
        assertThat(noStore.err).startsWith("mailauth: --data " + folder + ": no report store");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err.strip()).isEqualTo("mailauth: " + folder.resolve("absent.eml") + ": no such file");
        assertThat(List.of(noStore.out, missing.out)).containsOnly("");
    }
}
