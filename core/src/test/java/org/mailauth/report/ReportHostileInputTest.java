package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.fuzz.Mutator;
import org.w3c.dom.Document;

/**
 * Hostile values in aggregate reports (issue 21): mutated selectors, domains, comments, names and rua URIs make a
 * report valid against the RFC 9990 schema that reads back as the model holds it, and observations that fit the
 * store's columns (that a real H2 and a real PostgreSQL refuse none of them: report-jdbc's ReportStoreHostileInputTest).
 * Seeded and bounded; the number of inputs tried is printed.
 */
class ReportHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final List<String> SEEDS = List.of("selector2026", "mail.example.com", "xn--strae-oqa.de",
        "trusted forwarder 203.0.113.0/24", "]]><![CDATA[<a href=\"x\">&amp;</a>", "lone\ud800high\udc00low", "\u0000\u0001\u001f\u007f\u0085",
        "mailto:dmarc@example.com!10m", "2001:db8::1", "\ud83d\ude00\ufffe\uffff\ufdd0");
    private static final ReportInterval DAY = ReportInterval.containing(Instant.parse("2026-11-28T00:00:00Z"), Duration.ofDays(1));
    private static Validator validator;
    private static DocumentBuilderFactory parsers;

    @BeforeAll
    static void start() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Schema schema = factory.newSchema(new StreamSource(ReportHostileInputTest.class
            .getResourceAsStream("/dmarc-schema/dmarcbis-aggregate-reporting-draft32.xsd")));
        validator = schema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        parsers = DocumentBuilderFactory.newInstance();
        parsers.setNamespaceAware(true);
        parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    }

    private static void report(String property, long tried) {
        System.out.println("fuzz " + property + ": " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    /** Every text field of an observation holds {@code text} (a variant of it where two fields would be the same). */
    private static Observation observation(String text) {
        return observation(text, text);
    }

    private static Observation observation(String policyDomain, String text) {
        AggregateRow row = new AggregateRow(text, text + "1", Optional.of(text + "2"), Optional.of(text + "3"), "none", false, false,
            List.of(new AggregateRow.Reason("other", text)), List.of(new AggregateRow.DkimResult(text + "4", text, "pass")),
            Optional.of(text + "5"), Optional.of("pass"));
        PublishedPolicy policy = new PublishedPolicy(policyDomain, "reject", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
            Optional.of(text), false);
        return new Observation(DAY, policy, List.of(text, "mailto:" + text, "mailto:dmarc@example.com"), row);
    }

    @Test
    void hostileValuesMakeASchemaValidReportThatReadsBack() {
        Mutator mutator = new Mutator(Mutator.seed(9990), SEEDS);
        report("AggregateReportXml.write (schema-valid, read back)", mutator.run(BUDGET, Mutator.limit(50_000), text -> {
            Observation observation = observation(text);
            AggregateRow row = observation.row();
            ReportMetadata metadata = new ReportMetadata(text, text, Optional.of(text), "1.example.com", DAY.begin(), DAY.end(), text);
            Map<AggregateRow, Long> rows = new LinkedHashMap<>();
            rows.put(row, 1L);
            byte[] xml = xml(new AggregateReport(metadata, observation.policy(), rows));
            Document document = validatedAndParsed(xml, text);

            assertThat(text(document, "org_name")).isEqualTo(ReportText.safe(text));
            assertThat(text(document, "extra_contact_info")).isEqualTo(ReportText.safe(text));
            assertThat(text(document, "source_ip")).isEqualTo(row.sourceIp);
            assertThat(text(document, "header_from")).isEqualTo(row.headerFrom);
            assertThat(text(document, "envelope_to")).isEqualTo(row.envelopeTo.orElseThrow());
            assertThat(text(document, "selector")).isEqualTo(row.dkim.get(0).selector);
            assertThat(texts(document, "comment")).isEqualTo(row.reasons.get(0).comment.isEmpty() ? List.of()
                : List.of(row.reasons.get(0).comment));
            assertThat(text(document, "fo")).isEqualTo(observation.policy().fo.orElseThrow());
            for (String value : List.of(row.sourceIp, row.dkim.get(0).selector, row.reasons.get(0).comment, observation.policy().domain())) {
                assertThat(ReportText.isSafe(value)).as(value).isTrue();
            }
        }));
    }

    @Test
    void hostileObservationsFitTheStoresColumns() {
        Mutator mutator = new Mutator(Mutator.seed(9989), SEEDS);
        report("Observation (fits the store's columns)", mutator.run(BUDGET, Mutator.limit(50_000), text -> {
            Observation observation = observation(text);
            assertThat(observation.row().encoded().length()).isLessThanOrEqualTo(ReportStore.ROW_DATA_LENGTH);
            assertThat(observation.policy().encoded().length()).isLessThanOrEqualTo(ReportStore.POLICY_LENGTH);
            assertThat(observation.policy().domain().length()).isLessThanOrEqualTo(ReportStore.POLICY_DOMAIN_LENGTH);
            assertThat(observation.encodedDestinations().length()).isLessThanOrEqualTo(ReportStore.DESTINATIONS_LENGTH);
            assertThat(observation.destinations()).allSatisfy(uri -> assertThat(uri.length()).isLessThanOrEqualTo(Observation.MAX_URI_LENGTH));
        }));
    }

    private static byte[] xml(AggregateReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            AggregateReportXml.write(report, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static Document validatedAndParsed(byte[] xml, String input) {
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
            return parsers.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("input " + escaped(input) + ": " + e, e);
        }
    }

    private static String text(Document document, String element) {
        List<String> texts = texts(document, element);
        assertThat(texts).as(element).hasSize(1);
        return texts.get(0);
    }

    private static List<String> texts(Document document, String element) {
        org.w3c.dom.NodeList nodes = document.getElementsByTagNameNS(AggregateReportXml.NAMESPACE, element);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().limit(300).forEach(c -> escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.toString();
    }
}
