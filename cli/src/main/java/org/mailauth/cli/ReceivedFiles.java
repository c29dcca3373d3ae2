package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.mailauth.report.received.ReadLimits;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedFile;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReportFileReader;
import org.mailauth.report.received.ReportReadException;

/**
 * The report files named on a {@code mailauth report parse} or {@code ingest} command line: checked before any is
 * read (a missing one is a usage error), read with the default {@link ReadLimits}, and described for people and
 * for scripts.
 */
final class ReceivedFiles {

    private final ReportFileReader reader = new ReportFileReader(ReadLimits.defaults());

    /** @throws FileProblem for the first file that cannot be read */
    static List<Path> readable(List<Path> files) {
        return files.stream().map(file -> FileProblem.readableFile(null, file)).collect(Collectors.toList());
    }

    /** @throws ReportReadException when the file is not a report we can read exactly */
    ReceivedFile read(Path file) throws ReportReadException {
        try (InputStream in = Files.newInputStream(file)) {
            return reader.read(in);
        } catch (IOException e) {
            throw FileProblem.of(null, file, e);
        }
    }

    /** The line of a file that is not a report: {@code file: error: reason}, or its JSON object. */
    static void refused(PrintWriter out, boolean json, Path file, ReportReadException e) {
        if (json) {
            out.println(new JsonObject().put("file", file.toString()).put("result", "error").put("error", e.getMessage())
                .put("reports", List.of()).put("failure_reports", List.of()));
        } else {
            out.println(file + ": error: " + e.getMessage());
        }
    }

    /** The members of {@code reports} in {@code --json} output. */
    static JsonObject json(ReceivedReport report) {
        return new JsonObject()
            .put("org_name", report.orgName())
            .put("report_id", report.reportId())
            .put("policy_domain", report.policy().domain())
            .put("begin", report.begin().toString())
            .put("end", report.end().toString())
            .put("format", report.format().keyword())
            .put("records", report.records().size())
            .put("messages", report.messages())
            .put("repairs", report.repairs());
    }

    /** The members of {@code failure_reports} in {@code --json} output. */
    static JsonObject json(ReceivedFailureReport report) {
        return new JsonObject()
            .put("feedback_type", report.feedbackType())
            .put("auth_failure", report.authFailure().orElse(null))
            .put("source_ip", report.sourceIp().orElse(null))
            .put("reported_domains", report.reportedDomains());
    }

    /** One line for people. */
    static String text(ReceivedReport report) {
        return (report.orgName().isEmpty() ? report.submitter() : report.orgName()) + " report " + report.reportId() + " on "
            + report.policy().domain() + ", " + report.begin() + " to " + report.end() + " (" + report.format().keyword() + "): "
            + report.records().size() + (report.records().size() == 1 ? " record, " : " records, ") + report.messages()
            + (report.messages() == 1 ? " message" : " messages")
            + (report.repairs().isEmpty() ? "" : "; repaired: " + String.join("; ", report.repairs()));
    }

    /** One line for people. */
    static String text(ReceivedFailureReport report) {
        return "failure report (" + report.feedbackType() + report.authFailure().map(failure -> ", " + failure).orElse("") + ")"
            + report.sourceIp().map(ip -> " from " + ip).orElse("")
            + (report.reportedDomains().isEmpty() ? "" : " about " + String.join(", ", report.reportedDomains()));
    }
}
