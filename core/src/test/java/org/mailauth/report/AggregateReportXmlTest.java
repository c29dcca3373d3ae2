package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dmarc.IpRange;
import org.mailauth.dmarc.LocalPolicy;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.spf.SpfResult;

/**
 * Aggregate report XML (RFC 9990 §3): valid against the DMARCbis aggregate schema (draft 32, the same as RFC 9990
 * Appendix A but for comments, see src/test/resources/dmarc-schema/NOTICE), one record per distinct row with its
 * count, every text escaped, no character XML 1.0 cannot carry.
 */
class AggregateReportXmlTest {

    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; adkim=s; fo=1:d; rua=mailto:dmarc@example.com").build();

    private static Schema schema() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newSchema(new StreamSource(AggregateReportXmlTest.class.getResourceAsStream("/dmarc-schema/dmarcbis-aggregate-reporting-draft32.xsd")));
    }

    private static void validate(byte[] xml) throws Exception {
        Validator validator = schema().newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    private static DmarcResult evaluate(String ip, String mailFrom, boolean spfPass, DkimSignatureResult... dkim) throws Exception {
        DmarcSettings settings = DmarcSettings.builder()
            .localPolicy(LocalPolicy.builder().trustedForwarders(List.of(IpRange.parse("203.0.113.0/24"))).build()).build();
        Optional<SpfResult> spf = Optional.of(new SpfResult(spfPass ? SpfResult.Code.PASS : SpfResult.Code.FAIL, SpfResult.Identity.MAILFROM,
            mailFrom, mailFrom.substring(mailFrom.indexOf('@') + 1), InetAddress.getByName(ip), "h", Optional.empty(), Optional.empty(),
            Optional.empty(), 1, 0));
        return new DmarcEvaluator(DNS, settings).evaluate(List.of("x@example.com"), spf, List.of(dkim), Optional.of(InetAddress.getByName(ip)))
            .toCompletableFuture().join();
    }

    private static DkimSignatureResult dkim(String domain, DkimResult result) {
        return new DkimSignatureResult(result, Optional.empty(), domain, "s<1>", "rsa-sha256", Optional.empty(), OptionalInt.of(2048), false, "b");
    }

    private static AggregateReport report() throws Exception {
        Map<AggregateRow, Long> rows = new LinkedHashMap<>();
        DmarcResult pass = evaluate("192.0.2.1", "bounce@example.com", true, dkim("example.com", DkimResult.PASS));
        DmarcResult spoof = evaluate("198.51.100.9", "x@evil.example", true, dkim("evil.example", DkimResult.PASS));
        DmarcResult forwarded = evaluate("203.0.113.7", "x@example.com", false, dkim("example.com", DkimResult.FAIL));
        for (int i = 0; i < 3; i++) {
            rows.merge(AggregateRow.of(pass, "192.0.2.1", Optional.of("example.com"), Optional.of("gateway.test")), 1L, Long::sum);
        }
        rows.merge(AggregateRow.of(spoof, "198.51.100.9", Optional.of("evil.example"), Optional.empty()), 1L, Long::sum);
        rows.merge(AggregateRow.of(forwarded, "203.0.113.7", Optional.of("example.com"), Optional.empty()), 1L, Long::sum);
        ReportMetadata metadata = new ReportMetadata("Gateway & Co <mx>", "dmarc-reports@gateway.test", Optional.empty(),
            "20261128.example.com.1", Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-29T00:00:00Z"), "mailauth 0.1");
        return new AggregateReport(metadata, PublishedPolicy.of(pass, DmarcMode.RFC9989).orElseThrow(), rows);
    }

    private static String xml(AggregateReport report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AggregateReportXml.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSchemasOwnExampleIsValidSoTheValidatorWorks() throws Exception {
        validate(AggregateReportXmlTest.class.getResourceAsStream("/dmarc-schema/dmarcbis-aggregate-example.xml").readAllBytes());
    }

    @Test
    void theReportIsValidAgainstTheDmarcbisSchema() throws Exception {
        validate(xml(report()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void identicalMessagesAreOneRecordWithTheirCount() throws Exception {
        AggregateReport report = report();
        String xml = xml(report);

        assertThat(report.rows()).hasSize(3);
        assertThat(report.messages()).isEqualTo(5);
        assertThat(xml).contains("<source_ip>192.0.2.1</source_ip><count>3</count>");
        assertThat(xml.split("<record>", -1)).hasSize(4);
    }

    @Test
    void theRecordsSayWhatWasEvaluated() throws Exception {
        String xml = xml(report());

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">")
            .contains("<policy_published><domain>example.com</domain><p>reject</p><sp>quarantine</sp><np>quarantine</np>"
                + "<adkim>s</adkim><aspf>r</aspf><discovery_method>treewalk</discovery_method><fo>1:d</fo><testing>n</testing>")
            .contains("<policy_evaluated><disposition>pass</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated>")
            .contains("<policy_evaluated><disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated>")
            .contains("<reason><type>trusted_forwarder</type>")
            .contains("<spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf>")
            .contains("<date_range><begin>1795824000</begin><end>1795910400</end></date_range>");
    }

    @Test
    void textIsEscaped() throws Exception {
        String xml = xml(report());

        assertThat(xml).contains("<org_name>Gateway &amp; Co &lt;mx&gt;</org_name>").contains("<selector>s&lt;1&gt;</selector>");
    }

    /**
     * Issue 21, item 6: values from outside (a DKIM selector and domain, identifiers, an override comment, the
     * configured org name) with control characters, lone surrogates, {@code ]]>}, markup and very long runs make a report
     * that is valid against the RFC 9990 Appendix A schema and reads back with each character XML 1.0 §2.2 cannot carry
     * (and TAB, LF, CR) replaced by U+FFFD, visibly; a stored value longer than its bound ends in "…".
     */
    @Test
    void aReportOfHostileValuesIsValidAndReadsBackWithEveryForbiddenCharacterReplaced() throws Exception {
        String controls = "a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\u007fh\u0085i\tj\nk\rl";
        String surrogates = "lone\ud800high \udc00low \ud83d\ude00pair\ufffe\uffff";
        String markup = "]]><x>&amp;</x><![CDATA[&\"'";
        String selector = "s" + "\u0001".repeat(3) + "]]>" + "x".repeat(100_000);
        AggregateRow row = new AggregateRow("192.0.2.1\u0000", "from" + controls + ".example", Optional.of(surrogates),
            Optional.of(markup), "reject", false, false, List.of(new AggregateRow.Reason("local_policy", markup + controls + surrogates)),
            List.of(new AggregateRow.DkimResult("d\ud800.example", selector, "fail")), Optional.of("spf\u0007.example"), Optional.of("fail"));
        PublishedPolicy policy = new PublishedPolicy("policy\u0000.example", "reject", Optional.empty(), Optional.empty(), "r", "r",
            "treewalk", Optional.of("1\u0000"), false);
        ReportMetadata metadata = new ReportMetadata("Org" + controls + surrogates + markup, "dmarc@gateway.test\r\nBcc: x",
            Optional.of("x".repeat(200_000) + "\u0002"), "1.policy.example", Instant.parse("2026-11-28T00:00:00Z"),
            Instant.parse("2026-11-29T00:00:00Z"), "mailauth\u0000");
        byte[] xml = xml(new AggregateReport(metadata, policy, Map.of(row, 1L))).getBytes(StandardCharsets.UTF_8);

        validate(xml);
        org.w3c.dom.Document document = parse(xml);

        String controlsReplaced = "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\ufffdi\ufffdj\ufffdk\ufffdl";
        String surrogatesReplaced = "lone\ufffdhigh \ufffdlow \ud83d\ude00pair\ufffd\ufffd";
        assertThat(text(document, "org_name")).isEqualTo("Org" + controlsReplaced + surrogatesReplaced + markup);
        assertThat(text(document, "email")).isEqualTo("dmarc@gateway.test\ufffd\ufffdBcc: x");
        assertThat(text(document, "extra_contact_info")).isEqualTo("x".repeat(200_000) + "\ufffd");
        assertThat(text(document, "generator")).isEqualTo("mailauth\ufffd");
        assertThat(text(document, "source_ip")).isEqualTo("192.0.2.1\ufffd");
        assertThat(texts(document, "domain")).containsExactly("policy\ufffd.example", "d\ufffd.example", "spf\ufffd.example");
        assertThat(text(document, "fo")).isEqualTo("1\ufffd");
        assertThat(text(document, "header_from")).isEqualTo("from" + controlsReplaced + ".example");
        assertThat(text(document, "envelope_from")).isEqualTo(surrogatesReplaced);
        assertThat(text(document, "envelope_to")).isEqualTo(markup);
        assertThat(text(document, "comment")).isEqualTo(markup + controlsReplaced + surrogatesReplaced);
        assertThat(text(document, "selector")).hasSize(255).startsWith("s\ufffd\ufffd\ufffd]]>xxx").endsWith("x\u2026");
    }

    private static org.w3c.dom.Document parse(byte[] xml) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<String> texts(org.w3c.dom.Document document, String element) {
        org.w3c.dom.NodeList nodes = document.getElementsByTagNameNS(AggregateReportXml.NAMESPACE, element);
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static String text(org.w3c.dom.Document document, String element) {
        List<String> texts = texts(document, element);
        assertThat(texts).as(element).hasSize(1);
        return texts.get(0);
    }

    @Test
    void theFileNameIsReceiverPolicyDomainBeginEndAndId() throws Exception {
        assertThat(report().fileName("mx.gateway.test")).isEqualTo("mx.gateway.test!example.com!1795824000!1795910400!20261128.example.com.1.xml.gz");
    }

    /** Report XML read by the tests and tools never resolves external entities nor expands entity bombs (issue 9). */
    @Test
    void externalEntitiesAndEntityExpansionAreRefused() throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("secret", ".txt");
        java.nio.file.Files.writeString(secret, "SECRET");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
            + "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\"><version>&x;</version></feedback>";
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY a \"aaaaaaaaaa\">");
        String previous = "a";
        for (int level = 1; level <= 12; level++) {
            String name = "e" + level;
            bomb.append("<!ENTITY ").append(name).append(" \"").append(("&" + previous + ";").repeat(10)).append("\">");
            previous = name;
        }
        bomb.append("]><feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\"><version>&").append(previous).append(";</version></feedback>");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(external.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(org.xml.sax.SAXException.class).hasMessageNotContaining("SECRET");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(bomb.toString().getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(org.xml.sax.SAXException.class);
    }

    @Test
    void aReportWithoutRecordsIsRefused() throws Exception {
        AggregateReport report = report();

        assertThatThrownBy(() -> new AggregateReport(report.metadata(), report.policy(), Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
