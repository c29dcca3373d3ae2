package org.mailauth.dashboard;

import java.time.Instant;

import org.mailauth.report.received.DmarcSummary;

/**
 * The dashboard's data, {@code summary.json}: the {@link DmarcSummary} of the received reports since an instant, one
 * object per policy domain. Names are snake_case as in the reports themselves (RFC 9990 Appendix A); counts are
 * numbers, dates ISO 8601 ({@code 2025-03-01}), instants ISO 8601 in UTC ({@code 2025-03-01T00:00:00Z}), an unknown
 * reverse name {@code null}. Every string is escaped ({@link JsonWriter}): report contents are the sender's words.
 *
 * <pre>{"since":"…","domains":[{"policy_domain","messages","dmarc_pass","dmarc_fail","spf_aligned","dkim_aligned",
 *  "reports","failure_reports","days":[{"date","pass","fail"}],
 *  "sources":[{"ip","reverse_name","messages","failures","reporters":[…]}],
 *  "report_list":[{"org_name","report_id","begin","end","format","records","messages","authenticity"}]}]}</pre>
 */
public final class SummaryJson {

    private SummaryJson() {
    }

    public static String of(DmarcSummary summary, Instant since) {
        JsonWriter json = new JsonWriter().beginObject().member("since", since.toString()).name("domains").beginArray();
        for (DmarcSummary.Domain domain : summary.domains()) {
            domain(domain, json);
        }
        return json.endArray().endObject().toString();
    }

    private static void domain(DmarcSummary.Domain domain, JsonWriter json) {
        json.beginObject()
            .member("policy_domain", domain.policyDomain())
            .member("messages", domain.messages())
            .member("dmarc_pass", domain.dmarcPass())
            .member("dmarc_fail", domain.dmarcFail())
            .member("spf_aligned", domain.spfAligned())
            .member("dkim_aligned", domain.dkimAligned())
            .member("reports", domain.reports())
            .member("failure_reports", domain.failureReports());
        json.name("days").beginArray();
        for (DmarcSummary.Day day : domain.days()) {
            json.beginObject().member("date", day.date().toString()).member("pass", day.pass()).member("fail", day.fail()).endObject();
        }
        json.endArray().name("sources").beginArray();
        for (DmarcSummary.Source source : domain.sources()) {
            json.beginObject().member("ip", source.ip()).name("reverse_name");
            if (source.reverseName().isPresent()) {
                json.value(source.reverseName().get());
            } else {
                json.nullValue();
            }
            json.member("messages", source.messages()).member("failures", source.failures()).name("reporters").beginArray();
            for (String reporter : source.reporters()) {
                json.value(reporter);
            }
            json.endArray().endObject();
        }
        json.endArray().name("report_list").beginArray();
        for (DmarcSummary.Report report : domain.reportList()) {
            json.beginObject()
                .member("org_name", report.orgName())
                .member("report_id", report.reportId())
                .member("begin", report.begin().toString())
                .member("end", report.end().toString())
                .member("format", report.format().keyword())
                .member("records", report.records())
                .member("messages", report.messages())
                .member("authenticity", report.authenticity().keyword())
                .endObject();
        }
        json.endArray().endObject();
    }
}
