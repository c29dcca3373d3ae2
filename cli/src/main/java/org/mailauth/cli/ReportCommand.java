package org.mailauth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportContent;
import org.mailauth.report.AggregateReportXml;
import org.mailauth.report.ReportStoreException;
import org.mailauth.report.jdbc.JdbcReportStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailauth report}: DMARC aggregate report tools, for the reports we send and the reports we receive. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "DMARC report tools: the aggregate reports we send (preview), and the reports others send us (parse, ingest, summary, serve).",
    subcommands = {ReportParseCommand.class, ReportIngestCommand.class, ReportSummaryCommand.class, ReportServeCommand.class})
final class ReportCommand {

    @Spec
    private CommandSpec spec;

    /** Prints the XML the report store would send, for every interval it holds, closed or not. */
    @Command(name = "preview", mixinStandardHelpOptions = true, description = {
        "Print the RFC 9990 XML of the aggregate reports in the report store, as they would be sent now.",
        "Open intervals are included, to inspect them before enabling sending. Rows still in a running James's memory"
            + " appear after its next write (reports.poll)."})
    int preview(
        @Mixin ReportDatabaseOptions database,
        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this policy domain.") String domain,
        @Option(names = "--organization", paramLabel = "NAME", defaultValue = "preview",
            description = "org_name and submitter in the preview (default: ${DEFAULT-VALUE}).") String organization)
        throws IOException {
        JdbcReportStore store = new JdbcReportStore(database.connections());
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
