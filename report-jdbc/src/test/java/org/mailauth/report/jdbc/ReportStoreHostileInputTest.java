package org.mailauth.report.jdbc;

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
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.report.AggregateReport;
import org.mailauth.report.AggregateReportContent;
import org.mailauth.report.AggregateReportXml;
import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.ReportStore;
import org.mailauth.report.ReportStoreException;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * Hostile values in aggregate reports (issue 21) against the store: observations made of mutated selectors, domains,
 * comments, names and rua URIs are refused by neither a real H2 nor a real PostgreSQL, and the report read back is
 * valid against the RFC 9990 schema (what the model makes of them: core's ReportHostileInputTest). Seeded and
 * bounded; the number of inputs tried is printed.
 */
class ReportStoreHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final List<String> SEEDS = List.of("selector2026", "mail.example.com", "xn--strae-oqa.de",
        "trusted forwarder 203.0.113.0/24", "]]><![CDATA[<a href=\"x\">&amp;</a>", "lone\ud800high\udc00low", "\u0000\u0001\u001f\u007f\u0085",
        "mailto:dmarc@example.com!10m", "2001:db8::1", "\ud83d\ude00\ufffe\uffff\ufdd0");
    private static final ReportInterval DAY = ReportInterval.containing(Instant.parse("2026-11-28T00:00:00Z"), Duration.ofDays(1));
    private static ReportDatabases databases;
    private static Validator validator;
    private static DocumentBuilderFactory parsers;

    @BeforeAll
    static void start() throws Exception {
        databases = ReportDatabases.start();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator = factory.newSchema(new StreamSource(ReportStoreHostileInputTest.class
            .getResourceAsStream("/dmarc-schema/dmarcbis-aggregate-reporting-draft32.xsd"))).newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        parsers = DocumentBuilderFactory.newInstance();
        parsers.setNamespaceAware(true);
        parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    }

    @AfterAll
    static void stop() throws Exception {
        databases.close();
    }

    static List<String> kinds() {
        return ReportDatabases.kinds();
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

    /**
     * Batches of hostile observations, each also counted in the report of example.com: the database refuses none, and
     * that report, read back from the store, is valid.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void aRealDatabaseRefusesNoHostileObservation(String kind) throws Exception {
        JdbcReportStore.Connections connections = databases.fresh(kind);
        JdbcReportStore store = ReportDatabases.store(connections);
        Mutator mutator = new Mutator(Mutator.seed(3), SEEDS);
        List<Observation> batch = new ArrayList<>();
        long tried;
        try (java.sql.Connection keepsH2Open = connections.open()) {
            tried = mutator.run(BUDGET, Mutator.limit(20_000), text -> {
                batch.add(observation(text));
                batch.add(observation("example.com", text));
                if (batch.size() < 100) {
                    return;
                }
                Map<Observation, Long> counted = new LinkedHashMap<>();
                batch.forEach(observation -> counted.merge(observation, 1L, Long::sum));
                try {
                    assertThat(store.add(counted)).extracting(ReportStore.Refusal::reason).isEmpty();
                } catch (ReportStoreException e) {
                    throw new AssertionError(e);
                }
                batch.clear();
            });
            AggregateReportContent content = store.contents(Optional.of("example.com")).get(0);
            validatedAndParsed(xml(content.report("mx.gateway.test", "dmarc@gateway.test", "1.example", "mailauth")), "example.com");
        }
        report("JdbcReportStore.add on " + kind + " (none refused, read back valid)", tried);
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

    private static void validatedAndParsed(byte[] xml, String input) {
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
            parsers.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("input " + input + ": " + e, e);
        }
    }
}
