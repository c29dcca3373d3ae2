package org.mailauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.mailauth.report.received.AggregateReportReader;
import org.mailauth.report.received.ReadLimits;
import org.mailauth.report.received.ReceivedReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one large received aggregate report (issue 18: a 1 MB report of 2,000 records, under 100 ms): the XML of a
 * big receiver's daily report, each record with DKIM and SPF results, one in four with a policy override reason, as
 * {@link AggregateReportReader} reads it (streaming, every count kept).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ReceivedReportBenchmark {

    static final int RECORDS = 2_000;

    private byte[] xml;
    private AggregateReportReader reader;

    @Setup
    public void setUp() {
        xml = report(RECORDS).getBytes(StandardCharsets.UTF_8);
        reader = new AggregateReportReader(ReadLimits.defaults());
    }

    /** A report of {@code records} records, about 525 bytes each (one element a line, as Microsoft writes them). */
    static String report(int records) {
        StringBuilder xml = new StringBuilder(records * 560).append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n"
            + "  <version>1.0</version>\n  <report_metadata>\n    <org_name>google.com</org_name>\n"
            + "    <email>noreply-dmarc-support@google.com</email>\n"
            + "    <extra_contact_info>https://support.google.com/a/answer/2466580</extra_contact_info>\n"
            + "    <report_id>11038226378739404135</report_id>\n    <date_range>\n      <begin>1718236800</begin>\n"
            + "      <end>1718323199</end>\n    </date_range>\n  </report_metadata>\n  <policy_published>\n"
            + "    <domain>example.com</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n    <p>quarantine</p>\n"
            + "    <sp>quarantine</sp>\n    <pct>100</pct>\n    <np>quarantine</np>\n  </policy_published>\n");
        for (int i = 0; i < records; i++) {
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            boolean pass = i % 7 != 0;
            xml.append("<record>\n<row>\n<source_ip>").append(ip).append("</source_ip>\n<count>").append(1 + i % 97)
                .append("</count>\n<policy_evaluated>\n<disposition>").append(pass ? "none" : "quarantine")
                .append("</disposition>\n<dkim>").append(pass ? "pass" : "fail").append("</dkim>\n<spf>")
                .append(i % 3 == 0 ? "fail" : "pass").append("</spf>\n");
            if (i % 4 == 0) {
                xml.append("<reason>\n<type>local_policy</type>\n<comment>arc=pass as=2 asf=0</comment>\n</reason>\n");
            }
            xml.append("</policy_evaluated>\n</row>\n<identifiers>\n<envelope_from>bounces.example.com</envelope_from>\n"
                    + "<header_from>example.com</header_from>\n</identifiers>\n<auth_results>\n<dkim>\n"
                    + "<domain>example.com</domain>\n<selector>s2024</selector>\n<result>")
                .append(pass ? "pass" : "fail").append("</result>\n</dkim>\n<spf>\n<domain>bounces.example.com</domain>\n"
                    + "<scope>mfrom</scope>\n<result>pass</result>\n</spf>\n</auth_results>\n</record>\n");
        }
        return xml.append("</feedback>\n").toString();
    }

    @Benchmark
    public ReceivedReport read() throws Exception {
        return reader.read(xml);
    }
}
