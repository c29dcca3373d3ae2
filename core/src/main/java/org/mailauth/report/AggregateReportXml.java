package org.mailauth.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The XML of an aggregate report (RFC 9990 §3, Appendix A schema, namespace {@code urn:ietf:params:xml:ns:dmarc-2.0}),
 * written with StAX so every text is escaped. Elements appear in the schema's order. Every text is {@link ReportText#safe
 * safe}: a character XML 1.0 cannot carry (or a TAB, LF or CR) is written as U+FFFD, so no value, from outside or from the
 * configuration, makes the report unreadable (issue 21).
 */
public final class AggregateReportXml {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";

    private AggregateReportXml() {
    }

    public static void write(AggregateReport report, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(NAMESPACE);
            xml.writeStartElement(NAMESPACE, "feedback");
            xml.writeDefaultNamespace(NAMESPACE);
            element(xml, "version", "1.0");
            metadata(xml, report.metadata());
            policy(xml, report.policy());
            for (Map.Entry<AggregateRow, Long> row : report.rows().entrySet()) {
                record(xml, row.getKey(), row.getValue());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("the report XML could not be written", e);
        }
    }

    private static void metadata(XMLStreamWriter xml, ReportMetadata metadata) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, "report_metadata");
        element(xml, "org_name", metadata.organization);
        element(xml, "email", metadata.email);
        optional(xml, "extra_contact_info", metadata.extraContactInfo);
        element(xml, "report_id", metadata.reportId);
        xml.writeStartElement(NAMESPACE, "date_range");
        element(xml, "begin", Long.toString(metadata.begin.getEpochSecond()));
        element(xml, "end", Long.toString(metadata.end.getEpochSecond()));
        xml.writeEndElement();
        element(xml, "generator", metadata.generator);
        xml.writeEndElement();
    }

    private static void policy(XMLStreamWriter xml, PublishedPolicy policy) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, "policy_published");
        element(xml, "domain", policy.domain);
        element(xml, "p", policy.p);
        optional(xml, "sp", policy.sp);
        optional(xml, "np", policy.np);
        element(xml, "adkim", policy.adkim);
        element(xml, "aspf", policy.aspf);
        element(xml, "discovery_method", policy.discoveryMethod);
        optional(xml, "fo", policy.fo);
        element(xml, "testing", policy.testing ? "y" : "n");
        xml.writeEndElement();
    }

    private static void record(XMLStreamWriter xml, AggregateRow row, long count) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, "record");
        xml.writeStartElement(NAMESPACE, "row");
        element(xml, "source_ip", row.sourceIp);
        element(xml, "count", Long.toString(count));
        xml.writeStartElement(NAMESPACE, "policy_evaluated");
        element(xml, "disposition", row.disposition);
        element(xml, "dkim", row.dkimAligned ? "pass" : "fail");
        element(xml, "spf", row.spfAligned ? "pass" : "fail");
        for (AggregateRow.Reason reason : row.reasons) {
            xml.writeStartElement(NAMESPACE, "reason");
            element(xml, "type", reason.type);
            if (!reason.comment.isEmpty()) {
                element(xml, "comment", reason.comment);
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement(NAMESPACE, "identifiers");
        element(xml, "header_from", row.headerFrom);
        optional(xml, "envelope_from", row.envelopeFrom);
        optional(xml, "envelope_to", row.envelopeTo);
        xml.writeEndElement();
        xml.writeStartElement(NAMESPACE, "auth_results");
        for (AggregateRow.DkimResult dkim : row.dkim) {
            xml.writeStartElement(NAMESPACE, "dkim");
            element(xml, "domain", dkim.domain);
            element(xml, "selector", dkim.selector);
            element(xml, "result", dkim.result);
            xml.writeEndElement();
        }
        if (row.spfDomain.isPresent() && row.spfResult.isPresent()) {
            xml.writeStartElement(NAMESPACE, "spf");
            element(xml, "domain", row.spfDomain.get());
            element(xml, "scope", "mfrom");
            element(xml, "result", row.spfResult.get());
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void optional(XMLStreamWriter xml, String name, Optional<String> value) throws XMLStreamException {
        if (value.isPresent()) {
            element(xml, name, value.get());
        }
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        xml.writeCharacters(ReportText.safe(text));
        xml.writeEndElement();
    }
}
