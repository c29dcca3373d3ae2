package org.mailauth.report.received;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.mailauth.results.FieldText;

/**
 * Reads the XML of an aggregate report (RFC 9990 §3 and Appendix A; RFC 7489 Appendix C) as a stream, one record at a
 * time. Lenient where real reporters deviate: element names are matched without their namespace, unknown elements
 * (extensions, RFC 9990 §3.2) are skipped, keywords are read in any case, optional elements may be missing or empty.
 * Strict where it matters: a record without a count that reads as a whole number refuses the report, so no count is
 * ever guessed. Never reads a DTD or an entity; a document with one is refused. A document that is not UTF-8 as it
 * says, or has bare ampersands, is read again repaired, and the repair is noted on the report.
 */
public final class AggregateReportReader {

    private static final String NAMESPACE_9990 = "urn:ietf:params:xml:ns:dmarc-2.0";
    private static final Pattern FEEDBACK_START = Pattern.compile("<feedback[\\s>]");

    private final ReadLimits limits;
    private final XMLInputFactory factory;

    public AggregateReportReader(ReadLimits limits) {
        this.limits = limits;
        this.factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** @throws ReportReadException when the document is not an aggregate report we can read exactly */
    public ReceivedReport read(byte[] xml) throws ReportReadException {
        if (xml.length > limits.maxDocumentBytes()) {
            throw new ReportReadException("the XML is " + xml.length + " bytes, more than the " + limits.maxDocumentBytes() + " a report may have");
        }
        try {
            return parse(factory.createXMLStreamReader(new ByteArrayInputStream(xml)), List.of());
        } catch (OtherRoot first) {
            return enclosed(xml, first);
        } catch (XMLStreamException first) {
            String reason = message(first);
            if (reason.contains("DTD") || reason.contains("DOCTYPE")) {
                throw new ReportReadException(reason);
            }
            return repaired(xml, reason);
        }
    }

    /**
     * A whole {@code <feedback>} element inside another (ikea.com sends its reports inside an {@code xs:schema}
     * element it never closes): read alone, and the repair noted; with no whole feedback inside, not a report.
     */
    private ReceivedReport enclosed(byte[] xml, OtherRoot root) throws ReportReadException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(xml)).toString();
        } catch (CharacterCodingException e) {
            throw new ReportReadException(root.getMessage());
        }
        Matcher start = FEEDBACK_START.matcher(text);
        int end = text.lastIndexOf("</feedback>");
        if (start.find() && end > start.start()) {
            String element = text.substring(start.start(), end + "</feedback>".length());
            try {
                return parse(factory.createXMLStreamReader(new StringReader(element)),
                    List.of("read the <feedback> element alone: it is inside a <" + root.name + "> element"));
            } catch (XMLStreamException e) {
                // not a whole element after all
            }
        }
        throw new ReportReadException(root.getMessage());
    }

    /** A second and third reading: as Windows-1252 when UTF-8 failed, then with bare ampersands escaped. */
    private ReceivedReport repaired(byte[] xml, String firstReason) throws ReportReadException {
        List<String> repairs = new ArrayList<>();
        String text = new String(xml, StandardCharsets.UTF_8);
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text) || text.indexOf('\uFFFD') >= 0) {
            text = new String(xml, Charset.forName("windows-1252"));
            repairs.add("read as Windows-1252: the bytes are not the UTF-8 the document declares");
        }
        String escaped = text.replaceAll("&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)", "&amp;");
        if (!escaped.equals(text)) {
            repairs.add("bare '&' read as '&amp;'");
            text = escaped;
        }
        if (repairs.isEmpty()) {
            throw new ReportReadException("not well-formed XML: " + firstReason);
        }
        try {
            return parse(factory.createXMLStreamReader(new StringReader(withoutDeclaredEncoding(text))), repairs);
        } catch (XMLStreamException again) {
            throw new ReportReadException("not well-formed XML: " + firstReason);
        }
    }

    private static String withoutDeclaredEncoding(String text) {
        return text.replaceFirst("^(\\uFEFF?\\s*<\\?xml[^>]*?)\\s+encoding\\s*=\\s*[\"'][^\"']*[\"']", "$1");
    }

    private static String message(Exception e) {
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        int detail = message.indexOf("Message: ");
        return FieldText.value(detail >= 0 ? message.substring(detail + "Message: ".length()) : message);
    }

    private ReceivedReport parse(XMLStreamReader xml, List<String> repairs) throws XMLStreamException, ReportReadException {
        Builder report = new Builder();
        List<String> path = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        RecordBuilder record = null;
        String[] auth = null;
        String reasonType = null;
        String reasonComment = null;
        while (xml.hasNext()) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.DTD:
                    throw new ReportReadException("the document has a DTD (<!DOCTYPE>): reports never need one, and it is refused");
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw new ReportReadException("the document refers to an entity (&" + xml.getLocalName() + ";): refused");
                case XMLStreamConstants.START_ELEMENT:
                    String name = xml.getLocalName().toLowerCase(Locale.ROOT);
                    if (path.isEmpty()) {
                        if (!name.equals("feedback")) {
                            throw new OtherRoot(FieldText.value(name));
                        }
                        report.namespace = Optional.ofNullable(xml.getNamespaceURI()).orElse("");
                    }
                    if (path.size() >= 16) {
                        throw new ReportReadException("elements nested more than 16 deep");
                    }
                    path.add(name);
                    text.setLength(0);
                    String at = String.join("/", path);
                    if (at.equals("feedback/record")) {
                        if (report.records.size() >= limits.maxRecords()) {
                            throw new ReportReadException("more than " + limits.maxRecords() + " records");
                        }
                        record = new RecordBuilder();
                    } else if (record != null && (at.equals("feedback/record/auth_results/dkim") || at.equals("feedback/record/auth_results/spf"))) {
                        auth = new String[] {"", "", ""};
                    } else if (record != null && at.equals("feedback/record/row/policy_evaluated/reason")) {
                        reasonType = "";
                        reasonComment = "";
                    }
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (text.length() + xml.getTextLength() > limits.maxTextLength()) {
                        throw new ReportReadException("an element <" + path.get(path.size() - 1) + "> holds more than "
                            + limits.maxTextLength() + " characters");
                    }
                    text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    String where = String.join("/", path);
                    String value = text.toString().trim();
                    text.setLength(0);
                    if (where.equals("feedback/record")) {
                        report.records.add(record.build(report.records.size() + 1));
                        record = null;
                    } else if (record != null && where.equals("feedback/record/auth_results/dkim")) {
                        record.dkimResults.add(new ReceivedRecord.AuthResult(auth[0], auth[1], auth[2]));
                        auth = null;
                    } else if (record != null && where.equals("feedback/record/auth_results/spf")) {
                        record.spfResults.add(new ReceivedRecord.AuthResult(auth[0], auth[1], auth[2]));
                        auth = null;
                    } else if (record != null && where.equals("feedback/record/row/policy_evaluated/reason")) {
                        record.reasons.add(new ReceivedRecord.Reason(reasonType, reasonComment));
                        reasonType = null;
                    } else if (auth != null && where.startsWith("feedback/record/auth_results/")) {
                        String leaf = path.get(path.size() - 1);
                        if (leaf.equals("domain")) {
                            auth[0] = value.toLowerCase(Locale.ROOT);
                        } else if (leaf.equals("selector") || leaf.equals("scope")) {
                            auth[1] = value;
                        } else if (leaf.equals("result")) {
                            auth[2] = value.toLowerCase(Locale.ROOT);
                        }
                    } else if (reasonType != null && where.equals("feedback/record/row/policy_evaluated/reason/type")) {
                        reasonType = value.toLowerCase(Locale.ROOT);
                    } else if (reasonType != null && where.equals("feedback/record/row/policy_evaluated/reason/comment")) {
                        reasonComment = value;
                    } else if (record != null) {
                        record.set(where.substring("feedback/record/".length()), value);
                    } else {
                        report.set(where, value);
                    }
                    path.remove(path.size() - 1);
                    break;
                default:
                    break;
            }
        }
        return report.build(repairs);
    }

    /** The root element is not {@code <feedback>}. */
    private static final class OtherRoot extends XMLStreamException {
        private static final long serialVersionUID = 1L;
        private final String name;

        OtherRoot(String name) {
            super("the root element is <" + name + ">, not <feedback>: not a DMARC aggregate report");
            this.name = name;
        }
    }

    /** The report-level elements as they are read. */
    private static final class Builder {
        String namespace = "";
        String version = "";
        String orgName = "";
        String email = "";
        String reportId = "";
        String begin = "";
        String end = "";
        String domain = "";
        String p = "";
        Optional<String> sp = Optional.empty();
        Optional<String> np = Optional.empty();
        String adkim = "";
        String aspf = "";
        String pct = "";
        String testing = "";
        boolean dmarcbisElements;
        final List<ReceivedRecord> records = new ArrayList<>();

        void set(String path, String value) {
            String keyword = value.toLowerCase(Locale.ROOT);
            switch (path) {
                case "feedback/version": version = value; break;
                case "feedback/report_metadata/org_name": orgName = value; break;
                case "feedback/report_metadata/email": email = value; break;
                case "feedback/report_metadata/report_id": reportId = value; break;
                case "feedback/report_metadata/date_range/begin": begin = value; break;
                case "feedback/report_metadata/date_range/end": end = value; break;
                case "feedback/report_metadata/generator": dmarcbisElements = true; break;
                case "feedback/policy_published/domain": domain = keyword; break;
                case "feedback/policy_published/p": p = keyword; break;
                case "feedback/policy_published/sp": sp = Optional.of(keyword).filter(v -> !v.isEmpty()); break;
                case "feedback/policy_published/np": np = Optional.of(keyword).filter(v -> !v.isEmpty()); dmarcbisElements = true; break;
                case "feedback/policy_published/adkim": adkim = keyword; break;
                case "feedback/policy_published/aspf": aspf = keyword; break;
                case "feedback/policy_published/pct": pct = value; break;
                case "feedback/policy_published/testing": testing = keyword; dmarcbisElements = true; break;
                case "feedback/policy_published/discovery_method": dmarcbisElements = true; break;
                default: break;
            }
        }

        ReceivedReport build(List<String> repairs) throws ReportReadException {
            if (domain.isEmpty()) {
                throw new ReportReadException("no policy_published/domain: the report does not say which domain it is about");
            }
            if (reportId.isEmpty()) {
                throw new ReportReadException("no report_metadata/report_id");
            }
            ReportFormat format = namespace.equals(NAMESPACE_9990) || dmarcbisElements || version.startsWith("2")
                ? ReportFormat.RFC9990 : ReportFormat.RFC7489;
            OptionalInt percent = pct.isEmpty() ? OptionalInt.empty() : OptionalInt.of(number(pct, "pct", 0, 100).intValue());
            ReceivedReport.Policy policy = new ReceivedReport.Policy(domain, p, sp, np, adkim, aspf, percent,
                testing.equals("y") || testing.equals("yes") || testing.equals("true"));
            return new ReceivedReport(format, orgName, email, reportId, time(begin, "begin"), time(end, "end"), policy, records, repairs);
        }
    }

    /** One record's elements as they are read. */
    private static final class RecordBuilder {
        String sourceIp = "";
        String count = "";
        String disposition = "";
        String dkim = "";
        String spf = "";
        String headerFrom = "";
        Optional<String> envelopeFrom = Optional.empty();
        Optional<String> envelopeTo = Optional.empty();
        final List<ReceivedRecord.Reason> reasons = new ArrayList<>();
        final List<ReceivedRecord.AuthResult> dkimResults = new ArrayList<>();
        final List<ReceivedRecord.AuthResult> spfResults = new ArrayList<>();

        void set(String path, String value) {
            String keyword = value.toLowerCase(Locale.ROOT);
            switch (path) {
                case "row/source_ip": sourceIp = value; break;
                case "row/count": count = value; break;
                case "row/policy_evaluated/disposition": disposition = keyword; break;
                case "row/policy_evaluated/dkim": dkim = keyword; break;
                case "row/policy_evaluated/spf": spf = keyword; break;
                case "identifiers/header_from": headerFrom = keyword; break;
                case "identifiers/envelope_from": envelopeFrom = Optional.of(keyword).filter(v -> !v.isEmpty()); break;
                case "identifiers/envelope_to": envelopeTo = Optional.of(keyword).filter(v -> !v.isEmpty()); break;
                default: break;
            }
        }

        ReceivedRecord build(int index) throws ReportReadException {
            if (sourceIp.isEmpty()) {
                throw new ReportReadException("record " + index + " has no source_ip");
            }
            if (count.isEmpty()) {
                throw new ReportReadException("record " + index + " has no count; its messages cannot be counted exactly");
            }
            return new ReceivedRecord(sourceIp, number(count, "record " + index + " count", 0, Long.MAX_VALUE), disposition, dkim, spf,
                reasons, headerFrom, envelopeFrom, envelopeTo, dkimResults, spfResults);
        }
    }

    private static Long number(String text, String what, long min, long max) throws ReportReadException {
        String digits = text.trim();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ReportReadException(what + " " + FieldText.quote(digits) + " is not a whole number");
        }
        long value = Long.parseLong(digits);
        if (value < min || value > max) {
            throw new ReportReadException(what + " " + value + " is out of range");
        }
        return value;
    }

    /** Seconds since the epoch (RFC 9990 §3.1.1); a trailing ".0", which some reporters write, is accepted. */
    private static Instant time(String text, String what) throws ReportReadException {
        if (text.isEmpty()) {
            throw new ReportReadException("no report_metadata/date_range/" + what);
        }
        String digits = text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
        return Instant.ofEpochSecond(number(digits, "date_range " + what, 0, 253_402_300_799L));
    }
}
