package org.mailauth.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.mailauth.report.ReportStoreException;
import org.mailauth.report.jdbc.JdbcReceivedReportStore;
import org.mailauth.report.received.DmarcSummary;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailauth report summary}: what the stored received reports say, per policy domain. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = {
    "Summarise the received DMARC reports in the report store, per policy domain: messages, how many passed and failed"
        + " DMARC, SPF and DKIM alignment, reports and failure reports, and the sending sources with the most failures.",
    "With --json, one line per policy domain: policy_domain, messages, dmarc_pass, dmarc_fail, spf_aligned, dkim_aligned,"
        + " reports, failure_reports, days (date, pass, fail) and sources (ip, reverse_name, messages, failures, reporters)."})
final class ReportSummaryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ReportDatabaseOptions database;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this policy domain.")
    private String domain;

    @Option(names = "--since", paramLabel = "DATE", converter = DateConverter.class,
        description = "Only the reports whose period ends on or after this day (UTC), e.g. 2026-11-01; default: every report held.")
    private LocalDate since;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
        description = "How many sources to show per domain, most failures first (default: ${DEFAULT-VALUE}).")
    private int top;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be a positive number of sources: " + top);
        }
        MailauthCommand root = (MailauthCommand) spec.root().userObject();
        JdbcReceivedReportStore store = new JdbcReceivedReportStore(database.connections());
        DmarcSummary summary;
        try {
            store.migrate();
            summary = store.summary(Optional.ofNullable(domain), since == null ? Instant.EPOCH : since.atStartOfDay(ZoneOffset.UTC).toInstant(),
                top);
        } catch (ReportStoreException e) {
            spec.commandLine().getErr().println("mailauth: " + e.getMessage());
            return MailauthCommand.EXIT_INTERNAL_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (summary.domains().isEmpty() && !root.json()) {
            out.println("no received reports" + (domain == null ? "" : " for " + domain) + (since == null ? "" : " since " + since));
        }
        for (DmarcSummary.Domain summarised : summary.domains()) {
            if (root.json()) {
                out.println(json(summarised));
            } else {
                text(summarised, out);
            }
        }
        out.flush();
        return MailauthCommand.EXIT_OK;
    }

    private static JsonObject json(DmarcSummary.Domain domain) {
        return new JsonObject()
            .put("policy_domain", domain.policyDomain())
            .put("messages", domain.messages())
            .put("dmarc_pass", domain.dmarcPass())
            .put("dmarc_fail", domain.dmarcFail())
            .put("spf_aligned", domain.spfAligned())
            .put("dkim_aligned", domain.dkimAligned())
            .put("reports", domain.reports())
            .put("failure_reports", domain.failureReports())
            .put("days", domain.days().stream().map(day -> new JsonObject().put("date", day.date().toString()).put("pass", day.pass())
                .put("fail", day.fail())).collect(Collectors.toList()))
            .put("sources", domain.sources().stream().map(source -> new JsonObject()
                .put("ip", source.ip())
                .put("reverse_name", source.reverseName().orElse(null))
                .put("messages", source.messages())
                .put("failures", source.failures())
                .put("reporters", source.reporters())).collect(Collectors.toList()));
    }

    private static void text(DmarcSummary.Domain domain, PrintWriter out) {
        out.println(domain.policyDomain() + ": " + domain.messages() + " messages, " + domain.dmarcPass() + " passed DMARC ("
            + percent(domain.dmarcPass(), domain.messages()) + "), " + domain.dmarcFail() + " failed; SPF aligned "
            + percent(domain.spfAligned(), domain.messages()) + ", DKIM aligned " + percent(domain.dkimAligned(), domain.messages())
            + "; " + domain.reports() + (domain.reports() == 1 ? " report, " : " reports, ") + domain.failureReports()
            + (domain.failureReports() == 1 ? " failure report" : " failure reports"));
        if (domain.sources().isEmpty()) {
            return;
        }
        out.println(String.format(Locale.ROOT, "  %-39s %10s %10s  %-30s %s", "SOURCE", "MESSAGES", "FAILURES", "REVERSE NAME", "REPORTERS"));
        for (DmarcSummary.Source source : domain.sources()) {
            out.println(String.format(Locale.ROOT, "  %-39s %10d %10d  %-30s %s", source.ip(), source.messages(), source.failures(),
                source.reverseName().orElse("-"), String.join(", ", source.reporters())));
        }
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** {@code --since}: a day as ISO 8601 writes it. */
    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("a day such as 2026-11-01, not '" + value + "'");
            }
        }
    }
}
