package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * What real reporters get wrong, and what we make of it: lenient about form (case, namespaces, missing optional
 * elements, an empty org_name, a wrong encoding, a bare ampersand), strict about counts and about what is a report.
 */
class LenientReadingTest {

    private final AggregateReportReader reader = new AggregateReportReader(ReadLimits.defaults());

    private static String report(String orgName, String records) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback><report_metadata><org_name>" + orgName + "</org_name>"
            + "<email>dmarc@reporter.example</email><report_id>r-1</report_id><date_range><begin>1700000000</begin>"
            + "<end>1700086399</end></date_range></report_metadata><policy_published><domain>Example.COM</domain><p>reject</p>"
            + "</policy_published>" + records + "</feedback>";
    }

    private static final String RECORD = "<record><row><source_ip>192.0.2.1</source_ip><count>7</count><policy_evaluated>"
        + "<disposition>Reject</disposition><dkim>FAIL</dkim><spf>Pass</spf></policy_evaluated></row><identifiers>"
        + "<header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain><result>pass</result>"
        + "</spf></auth_results></record>";

    @Test
    void keywordsInAnyCaseAreReadInTheSchemasCase() throws Exception {
        ReceivedReport report = reader.read(report("Reporter", RECORD).getBytes(StandardCharsets.UTF_8));

        assertThat(report.policy().domain()).isEqualTo("example.com");
        assertThat(report.records().get(0).disposition()).isEqualTo("reject");
        assertThat(report.records().get(0).dkim()).isEqualTo("fail");
        assertThat(report.records().get(0).dmarcPass()).isTrue();
        assertThat(report.format()).isEqualTo(ReportFormat.RFC7489);
    }

    @Test
    void anEmptyOrgNameAndMissingOptionalElementsAreAccepted() throws Exception {
        ReceivedReport report = reader.read(report("", RECORD).getBytes(StandardCharsets.UTF_8));

        assertThat(report.orgName()).isEmpty();
        assertThat(report.records().get(0).envelopeFrom()).isEmpty();
        assertThat(report.records().get(0).dkimResults()).isEmpty();
    }

    @Test
    void aStrayNamespaceIsIgnoredAndTheDmarcbisNamespaceMakesAnRfc9990Report() throws Exception {
        String stray = report("R", RECORD).replace("<feedback>", "<feedback xmlns=\"http://dmarc.org/dmarc-xml/0.1\">");
        String bis = report("R", RECORD).replace("<feedback>", "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">");

        assertThat(reader.read(stray.getBytes(StandardCharsets.UTF_8)).format()).isEqualTo(ReportFormat.RFC7489);
        assertThat(reader.read(bis.getBytes(StandardCharsets.UTF_8)).format()).isEqualTo(ReportFormat.RFC9990);
    }

    @Test
    void aLatin1DocumentThatSaysUtf8IsReadAsWindows1252AndSaysSo() throws Exception {
        byte[] latin1 = report("Grüße GmbH", RECORD).getBytes(Charset.forName("windows-1252"));

        ReceivedReport report = reader.read(latin1);

        assertThat(report.orgName()).isEqualTo("Grüße GmbH");
        assertThat(report.repairs()).containsExactly("read as Windows-1252: the bytes are not the UTF-8 the document declares");
        assertThat(report.messages()).isEqualTo(7);
    }

    @Test
    void aBareAmpersandIsReadAsAnAmpersandAndSaysSo() throws Exception {
        ReceivedReport report = reader.read(report("AT&T", RECORD).getBytes(StandardCharsets.UTF_8));

        assertThat(report.orgName()).isEqualTo("AT&T");
        assertThat(report.repairs()).containsExactly("bare '&' read as '&amp;'");
    }

    @Test
    void aRecordWithoutACountRefusesTheReportRatherThanGuessIt() {
        String noCount = report("R", RECORD.replace("<count>7</count>", ""));
        String badCount = report("R", RECORD.replace("<count>7</count>", "<count>seven</count>"));

        assertThatThrownBy(() -> reader.read(noCount.getBytes(StandardCharsets.UTF_8)))
            .hasMessage("record 1 has no count; its messages cannot be counted exactly");
        assertThatThrownBy(() -> reader.read(badCount.getBytes(StandardCharsets.UTF_8)))
            .hasMessage("record 1 count 'seven' is not a whole number");
    }

    @Test
    void xmlThatIsNotAFeedbackIsNotAReport() {
        assertThatThrownBy(() -> reader.read("<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)))
            .hasMessage("the root element is <html>, not <feedback>: not a DMARC aggregate report");
    }

    /** ikea.com's reports: the feedback element whole, inside an xs:schema element that is never closed. */
    @Test
    void aWholeFeedbackInsideAnotherElementIsReadAloneAndSaysSo() throws Exception {
        String wrapped = report("R", RECORD).replace("<feedback>", "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<feedback>");

        ReceivedReport report = reader.read(wrapped.getBytes(StandardCharsets.UTF_8));

        assertThat(report.records()).singleElement().satisfies(record -> assertThat(record.count()).isEqualTo(7));
        assertThat(report.repairs()).containsExactly("read the <feedback> element alone: it is inside a <schema> element");
    }

    @Test
    void aDocumentWithNoWholeFeedbackInsideIsStillNotAReport() {
        String half = "<wrapper><feedback><report_metadata><report_id>1</report_id></report_metadata></wrapper>";

        assertThatThrownBy(() -> reader.read(half.getBytes(StandardCharsets.UTF_8)))
            .hasMessage("the root element is <wrapper>, not <feedback>: not a DMARC aggregate report");
    }

    @Test
    void truncatedXmlIsRefusedAsNotWellFormed() {
        String truncated = report("R", RECORD).substring(0, 300);

        assertThatThrownBy(() -> reader.read(truncated.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(ReportReadException.class).hasMessageStartingWith("not well-formed XML: ");
    }

    @Test
    void aFileThatIsNoReportSaysWhatItIs() {
        ReportFileReader files = new ReportFileReader(ReadLimits.defaults());

        assertThatThrownBy(() -> files.read(new byte[] {0, 1, 2, 3})).hasMessage("not a report: neither XML, gzip, zip nor an e-mail");
        assertThatThrownBy(() -> files.read("From: a@b.example\r\nSubject: hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII)))
            .hasMessage("the e-mail carries no report (its parts: text/plain)");
    }
}
