package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public samples of real receivers' aggregate reports that other DMARC tools test against (parsedmarc,
 * dmarc-report-viewer; see the README beside them): per file, the number of records and the sum of their counts,
 * computed independently of this reader (Python's xml.etree over the file, or over the attachment of the e-mail).
 * The reporters' deviations are part of the point: an empty org_name, a stray "11" between elements, upper-case
 * "Pass", Windows-1252 bytes in a document that says UTF-8, a report wrapped in an unclosed xs:schema element, a gzip
 * with trailing bytes, an e-mail whose headers continue the To field with the attachment's name.
 */
class PublicSampleReportsTest {

    private final ReportFileReader reader = new ReportFileReader(ReadLimits.defaults());

    static Stream<Arguments> samples() {
        return Stream.of(
            Arguments.of("parsedmarc/!example.com!1538204542!1538463818.xml", 1, 1),
            Arguments.of("parsedmarc/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml", 1, 1),
            Arguments.of("parsedmarc/addisonfoods.com!example.com!1536105600!1536191999.xml", 1, 1),
            Arguments.of("parsedmarc/dmarcbis-example.net!example.com!1700000000!1700086399.xml", 2, 7),
            Arguments.of("parsedmarc/empty_reason.xml", 1, 2),
            Arguments.of("parsedmarc/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml", 1, 1),
            Arguments.of("parsedmarc/example.net!example.com!1529366400!1529452799.xml", 1, 1),
            Arguments.of("parsedmarc/google.com!example.com!1718236800!1718323199.xml", 20, 3047),
            Arguments.of("parsedmarc/ikea.com!example.de!1538690400!1538776800.xml", 1, 1),
            Arguments.of("parsedmarc/invalid_utf_8.xml", 1, 1),
            Arguments.of("parsedmarc/mimecast-weird-gzip.eml", 1, 1),
            Arguments.of("parsedmarc/old_draft_from_wiki.xml", 1, 2),
            Arguments.of("parsedmarc/protection.outlook.com!example.com!1711756800!1711843200.xml", 1, 1),
            Arguments.of("parsedmarc/report_with_upper_cased_pass.xml", 1, 1),
            Arguments.of("parsedmarc/rfc9990-sample.xml", 1, 123),
            Arguments.of("parsedmarc/twilight.eml", 1, 1),
            Arguments.of("parsedmarc/usssa.com!example.com!1538784000!1538870399.xml", 2, 2),
            Arguments.of("parsedmarc/veeam.com!example.com!1530133200!1530219600.xml", 1, 1),
            Arguments.of("parsedmarc/zoho.com!example.com!1581753600!1581840000.xml", 8, 9),
            Arguments.of("dmarc-report-viewer/acme.xml", 1, 2),
            Arguments.of("dmarc-report-viewer/aol.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/gmxnet.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/google.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/hardfail.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/invalid_casing.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/mailru.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/outlook.xml", 2, 3),
            Arguments.of("dmarc-report-viewer/solamora.xml", 1, 2),
            Arguments.of("dmarc-report-viewer/webde.xml", 1, 1),
            Arguments.of("dmarc-report-viewer/yahoo.xml", 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordAndEveryCountIsRead(String file, int records, long messages) throws Exception {
        ReceivedFile read = reader.read(bytes(file));

        assertThat(read.aggregateReports()).singleElement().satisfies(report -> {
            assertThat(report.records()).hasSize(records);
            assertThat(report.messages()).isEqualTo(messages);
            assertThat(report.reportId()).isNotEmpty();
        });
    }

    /** An element whose name is an address in angle brackets: what it held, and where the next begins, is a guess. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void xmlBrokenBeyondExactRecoveryIsRefusedWithItsReason(String file, String reason) {
        assertThatThrownBy(() -> reader.read(bytes(file))).isInstanceOf(ReportReadException.class).hasMessageContaining(reason);
    }

    static Stream<Arguments> refused() {
        return Stream.of(Arguments.of("parsedmarc/invalid_xml.xml", "not well-formed XML"));
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = PublicSampleReportsTest.class.getResourceAsStream("/report/received/" + name)) {
            return in.readAllBytes();
        }
    }
}
