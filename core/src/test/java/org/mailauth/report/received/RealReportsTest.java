package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Real receivers' aggregate reports, as files and as the e-mails they came in (zip, gzip, gzip labelled
 * application/octet-stream), and the DMARCbis example: each read to the same organisation, report id, policy domain,
 * number of records and sum of counts as mail-auth's own parse of it (the .json beside each file).
 */
class RealReportsTest {

    private final ReportFileReader reader = new ReportFileReader(ReadLimits.defaults());

    static Stream<Arguments> reports() {
        return Stream.of(
            Arguments.of("001.xml", ReportFormat.RFC9990),
            Arguments.of("002.xml", ReportFormat.RFC7489),
            Arguments.of("003.xml", ReportFormat.RFC7489),
            Arguments.of("004.xml", ReportFormat.RFC9990),
            Arguments.of("005.xml", ReportFormat.RFC7489),
            Arguments.of("100.eml", ReportFormat.RFC7489),
            Arguments.of("101.eml", ReportFormat.RFC7489),
            Arguments.of("102.eml", ReportFormat.RFC7489),
            Arguments.of("103.eml", ReportFormat.RFC7489),
            Arguments.of("104.eml", ReportFormat.RFC7489));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    @SuppressWarnings("unchecked")
    void everyRecordAndEveryCountIsReadAsTheReporterWroteIt(String file, ReportFormat format) throws Exception {
        ReceivedFile read = reader.read(bytes("mail-auth-aggregate/" + file));
        Map<String, Object> expected = (Map<String, Object>) new Yaml().load(new String(bytes("mail-auth-aggregate/"
            + file.replaceAll("\\.(xml|eml)$", ".json")), java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> metadata = (Map<String, Object>) expected.get("report_metadata");
        List<Map<String, Object>> records = (List<Map<String, Object>>) expected.get("record");
        long messages = records.stream().mapToLong(record -> ((Number) ((Map<String, Object>) record.get("row")).get("count")).longValue()).sum();

        assertThat(read.aggregateReports()).hasSize(1);
        ReceivedReport report = read.aggregateReports().get(0);
        assertThat(report.orgName()).isEqualTo(metadata.get("org_name"));
        assertThat(report.reportId()).isEqualTo(metadata.get("report_id").toString());
        assertThat(report.policy().domain()).isEqualTo(((Map<String, Object>) expected.get("policy_published")).get("domain"));
        assertThat(report.records()).hasSize(records.size());
        assertThat(report.messages()).isEqualTo(messages);
        assertThat(report.format()).isEqualTo(format);
        assertThat(report.repairs()).isEmpty();
        assertThat(read.emailFrom().isPresent()).isEqualTo(file.endsWith(".eml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failureReports")
    void failureReportsAreRecognisedWithTheirFields(String file, String type, String authFailure, String sourceIp, String domain)
        throws Exception {
        ReceivedFile read = reader.read(bytes("mail-auth-failure/" + file));

        assertThat(read.aggregateReports()).isEmpty();
        assertThat(read.failureReports()).singleElement().satisfies(report -> {
            assertThat(report.feedbackType()).isEqualTo(type);
            assertThat(report.authFailure().orElse("")).isEqualTo(authFailure);
            assertThat(report.sourceIp().orElse("")).isEqualTo(sourceIp);
            assertThat(report.reportedDomains()).isEqualTo(domain.isEmpty() ? List.of() : List.of(domain));
        });
    }

    static Stream<Arguments> failureReports() {
        return Stream.of(
            Arguments.of("001.eml", "abuse", "", "", ""),
            Arguments.of("002.eml", "abuse", "", "192.0.2.1", "example.net"),
            Arguments.of("003.eml", "auth-failure", "bodyhash", "192.0.2.1", "example.net"),
            Arguments.of("004.eml", "auth-failure", "dmarc", "148.163.85.135", "interpublication.org"),
            Arguments.of("005.eml", "auth-failure", "bodyhash", "192.0.2.1", "a.sender.example"));
    }

    @org.junit.jupiter.api.Test
    void theDmarcbisDraftExampleIsAnRfc9990Report() throws Exception {
        ReceivedReport report = reader.read(bytes("dmarcbis/dmarcbis-aggregate-example.xml")).aggregateReports().get(0);

        assertThat(report.format()).isEqualTo(ReportFormat.RFC9990);
        assertThat(report.records()).isNotEmpty();
        assertThat(report.messages()).isPositive();
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = RealReportsTest.class.getResourceAsStream("/report/received/" + name)) {
            return in.readAllBytes();
        }
    }
}
