package org.mailauth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.mailauth.report.ReportStoreException;
import org.mailauth.report.jdbc.JdbcReceivedReportStore;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedFile;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReceivedReportStore.Stored;
import org.mailauth.report.received.ReportReadException;
import org.mailauth.report.received.Submission;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailauth report ingest FILE...}: stores received report files, each report once. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = {
    "Read DMARC reports as they arrive (as 'mailauth report parse' does) and store them in the report store, where"
        + " 'mailauth report summary' and the dashboard find them.",
    "An aggregate report already stored (the same submitter and report id) is a duplicate and counts once. Reports read"
        + " from files are of unknown authenticity (the e-mail's DMARC result is not known); they arrive at the time of"
        + " --now, or now.",
    "Prints per file: stored, duplicate or error; with --json, one line per file with file, result, error, reports"
        + " (each with stored: new or duplicate) and failure_reports.",
    "Exit status: 0 when every file was stored or a duplicate, 1 when some file is not a report or the store failed, 2"
        + " when a file cannot be read."})
final class ReportIngestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ReportDatabaseOptions database;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The report files or e-mails (.xml, .xml.gz, .zip, .eml).")
    private List<Path> files;

    @Override
    public Integer call() {
        MailauthCommand root = (MailauthCommand) spec.root().userObject();
        List<Path> readable = ReceivedFiles.readable(files);
        JdbcReceivedReportStore store = new JdbcReceivedReportStore(database.connections());
        PrintWriter out = spec.commandLine().getOut();
        try {
            store.migrate();
        } catch (ReportStoreException e) {
            return failed(e);
        }
        ReceivedFiles reader = new ReceivedFiles();
        int refused = 0;
        for (Path file : readable) {
            ReceivedFile read;
            try {
                read = reader.read(file);
            } catch (ReportReadException e) {
                refused++;
                ReceivedFiles.refused(out, root.json(), file, e);
                continue;
            }
            Submission submission = new Submission(root.clock().instant(), read.emailFrom(), Submission.Authenticity.UNKNOWN);
            List<Stored> outcomes = new ArrayList<>();
            try {
                for (ReceivedReport report : read.aggregateReports()) {
                    outcomes.add(store.add(report, submission));
                }
                for (ReceivedFailureReport report : read.failureReports()) {
                    store.add(report, submission);
                }
            } catch (ReportStoreException e) {
                out.flush();
                return failed(e);
            }
            boolean stored = outcomes.contains(Stored.NEW) || outcomes.contains(Stored.REPLACED) || !read.failureReports().isEmpty();
            if (root.json()) {
                List<JsonObject> reports = new ArrayList<>();
                for (int i = 0; i < outcomes.size(); i++) {
                    reports.add(ReceivedFiles.json(read.aggregateReports().get(i)).put("stored", keyword(outcomes.get(i))));
                }
                out.println(new JsonObject().put("file", file.toString()).put("result", stored ? "stored" : "duplicate").put("error", null)
                    .put("reports", reports)
                    .put("failure_reports", read.failureReports().stream().map(ReceivedFiles::json).collect(Collectors.toList())));
            } else {
                out.println(file + ": " + (stored ? "stored" : "duplicate"));
                for (int i = 0; i < outcomes.size(); i++) {
                    out.println("  " + keyword(outcomes.get(i)) + ": " + ReceivedFiles.text(read.aggregateReports().get(i)));
                }
                read.failureReports().forEach(report -> out.println("  new: " + ReceivedFiles.text(report)));
            }
        }
        out.flush();
        return refused == 0 ? MailauthCommand.EXIT_OK : MailauthCommand.EXIT_INTERNAL_ERROR;
    }

    private static String keyword(Stored stored) {
        return stored == Stored.NEW ? "new" : stored == Stored.REPLACED ? "replaced" : "duplicate";
    }

    private int failed(ReportStoreException e) {
        spec.commandLine().getErr().println("mailauth: " + e.getMessage());
        return MailauthCommand.EXIT_INTERNAL_ERROR;
    }
}
