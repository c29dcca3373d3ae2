package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.jdbc.JdbcReportStore;

/** {@code mailauth report preview}: the XML that would be sent, from the store of a 'mailauth run' folder. */
class ReportCommandTest {

    @TempDir
    Path data;

    @Test
    void previewPrintsEveryReportOfTheStoreWithItsCounts() throws Exception {
        Path folder = Files.createDirectories(data.resolve("james/var/mailauth"));
        String url = "jdbc:h2:file:" + folder.resolve("reports").toAbsolutePath();
        JdbcReportStore store = new JdbcReportStore(() -> DriverManager.getConnection(url, "", ""));
        store.migrate();
        for (String domain : List.of("example.com", "example.org")) {
            PublishedPolicy policy = new PublishedPolicy(domain, "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
                Optional.empty(), false);
            AggregateRow row = new AggregateRow("192.0.2.1", domain, Optional.empty(), Optional.empty(), "none", true, true, List.of(),
                List.of(), Optional.of(domain), Optional.of("pass"));
            store.add(Map.of(new Observation(ReportInterval.containing(Instant.now(), Duration.ofDays(1)), policy,
                List.of("mailto:d@" + domain), row), 3L));
        }

        CommandRun all = CommandRun.of("report", "preview", "--data", data.toString());
        CommandRun one = CommandRun.of("report", "preview", "--data", data.toString(), "--domain", "example.org");

        assertThat(all.exitCode).as(all.err).isZero();
        assertThat(all.out).contains("<!-- example.com, ").contains("still open: 3 messages in 1 records -->")
            .contains("<domain>example.org</domain>").contains("<count>3</count>");
        assertThat(one.out).contains("<domain>example.org</domain>").doesNotContain("<domain>example.com</domain>");
    }

    @Test
    void aFolderWithoutStoreIsAUsageError() {
        CommandRun run = CommandRun.of("report", "preview", "--data", data.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("no report store");
    }
}
