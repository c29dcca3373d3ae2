package org.mailauth.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.DmarcSummary.Day;
import org.mailauth.report.received.DmarcSummary.Domain;
import org.mailauth.report.received.DmarcSummary.Report;
import org.mailauth.report.received.DmarcSummary.Source;
import org.mailauth.report.received.ReportFormat;
import org.mailauth.report.received.Submission.Authenticity;

/**
 * What a store holding several weeks of reports summarises: three policy domains, days with and without failures (and
 * one day without any report), failing sources listed out of order, reverse names known and unknown, every format and
 * authenticity, and a reporter whose org_name and report id are markup, as an attacker would send them.
 */
final class SampleSummary {

    static final String HOSTILE_ORG = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_REPORT_ID = "\"><script>alert(2)</script>";
    static final String HOSTILE_REVERSE_NAME = "<b onmouseover=alert(3)>mx</b>";

    /** example.com: ten days ending two days ago (the page asks for the last 30), nothing reported on the sixth. */
    static final LocalDate FIRST_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(12);
    static final int EXAMPLE_COM_CHART_DAYS = 10;
    static final long[] EXAMPLE_COM_PASS = {1010, 1180, 990, 1240, 1320, -1, 1105, 980, 1200, 1290};
    static final long[] EXAMPLE_COM_FAIL = {12, 30, 0, 5, 18, -1, 140, 7, 0, 22};

    /** The sources of example.com in the store's order; the page lists them by failures. */
    static final List<String> EXAMPLE_COM_SOURCES_BY_FAILURES = List.of("203.0.113.7", "192.0.2.44", "198.51.100.99",
        "198.51.100.25", "2001:db8::25");

    private SampleSummary() {
    }

    static DmarcSummary summary() {
        return new DmarcSummary(List.of(exampleCom(), exampleOrg(), mailExampleNet()));
    }

    static long exampleComPass() {
        long pass = 0;
        for (long day : EXAMPLE_COM_PASS) {
            pass += Math.max(0, day);
        }
        return pass;
    }

    static long exampleComFail() {
        long fail = 0;
        for (long day : EXAMPLE_COM_FAIL) {
            fail += Math.max(0, day);
        }
        return fail;
    }

    private static Domain exampleCom() {
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < EXAMPLE_COM_PASS.length; i++) {
            if (EXAMPLE_COM_PASS[i] >= 0) {
                days.add(new Day(FIRST_DAY.plusDays(i), EXAMPLE_COM_PASS[i], EXAMPLE_COM_FAIL[i]));
            }
        }
        long pass = exampleComPass();
        long messages = pass + exampleComFail();
        List<Source> sources = List.of(
            new Source("198.51.100.25", Optional.of("mail.example.com"), 9_100, 3, List.of("google.com", "Microsoft Corporation", "Yahoo")),
            new Source("203.0.113.7", Optional.empty(), 120, 120, List.of("google.com")),
            new Source("2001:db8::25", Optional.of("mx6.example.com"), 1_400, 0, List.of("Microsoft Corporation")),
            new Source("192.0.2.44", Optional.of(HOSTILE_REVERSE_NAME), 80, 80, List.of(HOSTILE_ORG, "google.com")),
            new Source("198.51.100.99", Optional.empty(), 30, 12, List.of("Mail.Ru")));
        List<Report> reports = new ArrayList<>();
        for (int i = EXAMPLE_COM_PASS.length - 1; i >= 0; i--) {
            if (EXAMPLE_COM_PASS[i] >= 0) {
                reports.add(report("google.com", "1741" + i + "9200.example.com", FIRST_DAY.plusDays(i), ReportFormat.RFC9990,
                    4, EXAMPLE_COM_PASS[i] * 6 / 10, Authenticity.AUTHENTICATED));
            }
        }
        reports.add(2, report("Microsoft Corporation", "b9a8a2c1e5d94f0f9d1c8e7a6b5c4d3e", FIRST_DAY.plusDays(8),
            ReportFormat.RFC7489, 2, 1_400, Authenticity.AUTHENTICATED));
        reports.add(3, report("Yahoo", "1741564800.250309", FIRST_DAY.plusDays(8), ReportFormat.RFC7489, 1, 380,
            Authenticity.AUTHENTICATED));
        reports.add(4, report(HOSTILE_ORG, HOSTILE_REPORT_ID, FIRST_DAY.plusDays(7), ReportFormat.RFC9990, 1, 80,
            Authenticity.UNAUTHENTICATED));
        reports.add(report("Mail.Ru", "17412480000000000.example.com", FIRST_DAY, ReportFormat.RFC7489, 1, 30,
            Authenticity.AUTHENTICATED));
        return new Domain("example.com", messages, pass, pass - 260, pass - 45, reports.size(), 3, days, sources, reports);
    }

    private static Domain exampleOrg() {
        List<Day> days = new ArrayList<>();
        long pass = 0;
        for (int i = 0; i < 4; i++) {
            days.add(new Day(FIRST_DAY.plusDays(6 + i), 200 + 10 * i, 0));
            pass += 200 + 10 * i;
        }
        return new Domain("example.org", pass, pass, pass, pass - 4, 2, 0, days,
            List.of(new Source("198.51.100.25", Optional.of("mail.example.com"), pass, 0, List.of("google.com"))),
            List.of(report("google.com", "17418240.example.org", FIRST_DAY.plusDays(9), ReportFormat.RFC9990, 1, 230,
                    Authenticity.AUTHENTICATED),
                report("google.com", "17415648.example.org", FIRST_DAY.plusDays(6), ReportFormat.RFC9990, 1, 200,
                    Authenticity.AUTHENTICATED)));
    }

    private static Domain mailExampleNet() {
        List<Day> days = List.of(new Day(FIRST_DAY.plusDays(7), 2, 40), new Day(FIRST_DAY.plusDays(8), 1, 55),
            new Day(FIRST_DAY.plusDays(9), 0, 61));
        return new Domain("mail.example.net", 159, 3, 2, 1, 1, 0, days,
            List.of(new Source("192.0.2.200", Optional.empty(), 150, 150, List.of("Mail.Ru")),
                new Source("192.0.2.201", Optional.of("relay.example.net"), 9, 6, List.of("Mail.Ru"))),
            List.of(report("Mail.Ru", "mailru-20250308", FIRST_DAY.plusDays(7), ReportFormat.RFC7489, 2, 159, Authenticity.UNKNOWN)));
    }

    private static Report report(String org, String id, LocalDate day, ReportFormat format, int records, long messages,
                                 Authenticity authenticity) {
        Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Report(org, id, begin, begin.plus(Duration.ofDays(1)).minusSeconds(1), format, records, messages, authenticity);
    }
}
