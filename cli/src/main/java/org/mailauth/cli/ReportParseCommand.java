package org.mailauth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.mailauth.report.received.ReceivedFile;
import org.mailauth.report.received.ReportReadException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailauth report parse FILE...}: what received report files hold, without storing them. */
@Command(name = "parse", mixinStandardHelpOptions = true, description = {
    "Read DMARC reports as they arrive (aggregate reports as XML, gzip, zip or whole e-mails; failure reports as ARF e-mails)"
        + " and print what each file holds, without storing anything.",
    "With --json, one line per file: file, result (ok or error), error, reports (org_name, report_id, policy_domain, begin,"
        + " end, format, records, messages, repairs) and failure_reports (feedback_type, auth_failure, source_ip,"
        + " reported_domains).",
    "Exit status: 0 when every file is a report, 1 when some file is not one (each is named with the reason), 2 when a file"
        + " cannot be read. With --verbose, the time spent reading is printed to stderr."})
final class ReportParseCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The report files or e-mails (.xml, .xml.gz, .zip, .eml).")
    private List<Path> files;

    @Override
    public Integer call() {
        MailauthCommand root = (MailauthCommand) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        ReceivedFiles reader = new ReceivedFiles();
        int refused = 0;
        long started = System.nanoTime();
        for (Path file : ReceivedFiles.readable(files)) {
            try {
                ReceivedFile read = reader.read(file);
                if (root.json()) {
                    out.println(new JsonObject().put("file", file.toString()).put("result", "ok").put("error", null)
                        .put("reports", read.aggregateReports().stream().map(ReceivedFiles::json).collect(Collectors.toList()))
                        .put("failure_reports", read.failureReports().stream().map(ReceivedFiles::json).collect(Collectors.toList())));
                } else {
                    out.println(file + ": ok");
                    read.aggregateReports().forEach(report -> out.println("  " + ReceivedFiles.text(report)));
                    read.failureReports().forEach(report -> out.println("  " + ReceivedFiles.text(report)));
                }
            } catch (ReportReadException e) {
                refused++;
                ReceivedFiles.refused(out, root.json(), file, e);
            }
        }
        out.flush();
        if (root.verbose()) {
            spec.commandLine().getErr().printf("mailauth: read %d files in %d ms%n", files.size(), (System.nanoTime() - started) / 1_000_000);
            spec.commandLine().getErr().flush();
        }
        return refused == 0 ? MailauthCommand.EXIT_OK : MailauthCommand.EXIT_INTERNAL_ERROR;
    }
}
