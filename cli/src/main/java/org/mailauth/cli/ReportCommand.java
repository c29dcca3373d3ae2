package org.mailauth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportContent;
import org.mailauth.report.AggregateReportXml;
import org.mailauth.report.ReportStoreException;
import org.mailauth.report.jdbc.JdbcReportStore;
import org.mailauth.report.jdbc.WaitingConnections;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailauth report}: DMARC aggregate report tools. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "DMARC aggregate report tools.",
    subcommands = ReportServeCommand.class)
final class ReportCommand {

    /** How long to wait for a running James to close the embedded database between two of its writes. */
    private static final Duration EMBEDDED_DATABASE_WAIT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    /** Prints the XML the report store would send, for every interval it holds, closed or not. */
    @Command(name = "preview", mixinStandardHelpOptions = true, description = {
        "Print the RFC 9990 XML of the aggregate reports in the report store, as they would be sent now.",
        "Open intervals are included, to inspect them before enabling sending. Rows still in a running James's memory"
            + " appear after its next write (reports.poll)."})
    int preview(
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "mailauth-data",
            description = "The folder of 'mailauth run' (default: ./${DEFAULT-VALUE}); its store is DIR/james/var/mailauth/reports.")
        Path data,
        @Option(names = "--database-url", paramLabel = "JDBC-URL", description = "Another store: a jdbc:h2: or jdbc:postgresql: URL.")
        String databaseUrl,
        @Option(names = "--database-user", paramLabel = "USER", defaultValue = "",
            description = "The user name for --database-url.") String user,
        @Option(names = "--database-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "The password for --database-url.") String password,
        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this policy domain.") String domain,
        @Option(names = "--organization", paramLabel = "NAME", defaultValue = "preview",
            description = "org_name and submitter in the preview (default: ${DEFAULT-VALUE}).") String organization)
        throws IOException {
        String url = databaseUrl;
        if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(spec.subcommands().get("preview"),
                "--database-url is a jdbc:h2: or jdbc:postgresql: URL, not '" + url + "'");
        }
        if (url == null) {
            Path store = data.resolve("james").resolve("var").resolve("mailauth").resolve("reports");
            if (!Files.exists(store.resolveSibling("reports.mv.db"))) {
                throw new FileProblem("--data " + data, "no report store (" + store + ".mv.db); "
                    + "give the folder of a 'mailauth run', or --database-url");
            }
            url = "jdbc:h2:file:" + store.toAbsolutePath() + ";IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
        }
        String jdbcUrl = url;
        JdbcReportStore.Connections connections = () -> DriverManager.getConnection(jdbcUrl, user, password);
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            connections = new WaitingConnections(connections, EMBEDDED_DATABASE_WAIT);
        }
        JdbcReportStore store = new JdbcReportStore(connections);
        List<AggregateReportContent> contents;
        try {
            contents = store.contents(Optional.ofNullable(domain));
        } catch (ReportStoreException e) {
            spec.commandLine().getErr().println("mailauth: " + e.getMessage());
            return MailauthCommand.EXIT_INTERNAL_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (contents.isEmpty()) {
            out.println("<!-- no aggregate report rows" + (domain == null ? "" : " for " + domain) + " -->");
        }
        for (AggregateReportContent content : contents) {
            AggregateReport report = content.report(organization, "preview@invalid", "preview", "mailauth report preview");
            ByteArrayOutputStream xml = new ByteArrayOutputStream();
            AggregateReportXml.write(report, xml);
            out.println("<!-- " + report.policy().domain() + ", " + content.interval() + (content.interval().closedAt(java.time.Instant.now())
                ? ", closed" : ", still open") + ": " + report.messages() + " messages in " + report.rows().size() + " records -->");
            out.println(xml.toString(StandardCharsets.UTF_8));
        }
        out.flush();
        return MailauthCommand.EXIT_OK;
    }
}
