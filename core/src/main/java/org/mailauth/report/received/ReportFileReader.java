package org.mailauth.report.received;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.mailauth.message.MimeEntity;
import org.mailauth.results.FieldText;

/**
 * Reads a received file as reporters send it (RFC 9990 §4: XML, gzip or zip, alone or attached to an e-mail; RFC 6591
 * failure reports as ARF e-mails). The kind is recognised by content, not by label: real reporters send gzip labelled
 * {@code application/octet-stream} and XML named {@code .zip}. Decompression is bounded by {@link ReadLimits}; a file
 * that holds no report is refused with what it holds.
 */
public final class ReportFileReader {

    private static final int MAX_NESTING = 3;

    private final ReadLimits limits;
    private final AggregateReportReader aggregate;
    private final FailureReportReader failure = new FailureReportReader();

    public ReportFileReader(ReadLimits limits) {
        this.limits = limits;
        this.aggregate = new AggregateReportReader(limits);
    }

    /** Reads at most one byte more than a file may have, then the file; a longer one is refused unread. */
    public ReceivedFile read(InputStream in) throws IOException, ReportReadException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limits.maxFileBytes() + 1));
        if (data.length > limits.maxFileBytes()) {
            throw new ReportReadException("the file is more than the " + limits.maxFileBytes() + " bytes a report file may have");
        }
        return read(data);
    }

    /** @throws ReportReadException naming why the file is not a report, or which bound it broke */
    public ReceivedFile read(byte[] data) throws ReportReadException {
        if (data.length > limits.maxFileBytes()) {
            throw new ReportReadException("the file is " + data.length + " bytes, more than the " + limits.maxFileBytes() + " a report file may have");
        }
        long[] budget = {limits.maxFileBytes()};
        List<ReceivedReport> reports = new ArrayList<>();
        switch (kind(data)) {
            case XML:
            case GZIP:
            case ZIP:
                documents(data, "the file", 0, budget, reports);
                return new ReceivedFile(reports, List.of(), Optional.empty());
            case EMAIL:
                return email(data, budget);
            default:
                throw new ReportReadException("not a report: neither XML, gzip, zip nor an e-mail");
        }
    }

    private ReceivedFile email(byte[] data, long[] budget) throws ReportReadException {
        MimeEntity message = MimeEntity.parse(data);
        Optional<String> from = message.headers().values("From").stream().findFirst().map(value -> FieldText.value(value.trim()));
        Optional<ReceivedFailureReport> feedback = failure.read(message);
        if (feedback.isPresent()) {
            return new ReceivedFile(List.of(), List.of(feedback.get()), from);
        }
        List<ReceivedReport> reports = new ArrayList<>();
        for (MimeEntity part : message.all()) {
            if (!part.parts().isEmpty()) {
                continue;
            }
            byte[] body = part.body();
            Kind kind = kind(body);
            boolean xmlLabelled = part.type().subtype().contains("xml") || part.fileName().map(name -> name.toLowerCase(Locale.ROOT)
                .endsWith(".xml")).orElse(false) || part.type().mimeType().equals("application/octet-stream");
            if (kind == Kind.GZIP || kind == Kind.ZIP || kind == Kind.XML && xmlLabelled) {
                String name = part.fileName().map(FieldText::quote).orElse("the " + part.type().mimeType() + " part");
                documents(body, name, 1, budget, reports);
            }
        }
        if (reports.isEmpty()) {
            throw new ReportReadException("the e-mail carries no report (its parts: " + message.all().stream()
                .filter(part -> part.parts().isEmpty()).map(part -> part.type().mimeType()).collect(Collectors.joining(", ")) + ")");
        }
        return new ReceivedFile(reports, List.of(), from);
    }

    /** The reports in {@code data}: XML itself, or a gzip or zip of them. */
    private void documents(byte[] data, String name, int depth, long[] budget, List<ReceivedReport> reports) throws ReportReadException {
        if (depth > MAX_NESTING) {
            throw new ReportReadException(name + ": archives nested more than " + MAX_NESTING + " deep");
        }
        switch (kind(data)) {
            case XML:
                try {
                    reports.add(aggregate.read(data));
                } catch (ReportReadException e) {
                    throw depth == 0 ? e : new ReportReadException(name + ": " + e.getMessage());
                }
                return;
            case GZIP:
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                    documents(inflated(in, name + " (gzip)", budget), name, depth + 1, budget, reports);
                } catch (IOException e) {
                    throw new ReportReadException(name + ": a broken gzip (" + FieldText.value(String.valueOf(e.getMessage())) + ")");
                }
                return;
            case ZIP:
                zip(data, name, depth, budget, reports);
                return;
            default:
                throw new ReportReadException(name + " is neither XML, gzip nor zip");
        }
    }

    /**
     * The entries of a zip. An entry name is UTF-8 only when the archive flags it (APPNOTE.TXT 4.4.4, bit 11), else in
     * a legacy code page: read as ISO-8859-1, which takes every byte (the name is only a label here); a flagged name
     * that is not UTF-8 makes the zip a broken one.
     */
    private void zip(byte[] data, String name, int depth, long[] budget, List<ReceivedReport> reports) throws ReportReadException {
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data), StandardCharsets.ISO_8859_1)) {
            for (ZipEntry entry = nextEntry(zip, name); entry != null; entry = nextEntry(zip, name)) {
                if (++entries > limits.maxZipEntries()) {
                    throw new ReportReadException(name + ": the zip holds more than " + limits.maxZipEntries() + " entries");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String entryName = name + " entry " + FieldText.quote(entry.getName());
                documents(inflated(zip, entryName, budget), entryName, depth + 1, budget, reports);
            }
        } catch (IOException e) {
            throw new ReportReadException(name + ": a broken zip (" + FieldText.value(String.valueOf(e.getMessage())) + ")");
        }
        if (entries == 0) {
            throw new ReportReadException(name + ": an empty zip");
        }
    }

    private static ZipEntry nextEntry(ZipInputStream zip, String name) throws IOException, ReportReadException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new ReportReadException(name + ": a broken zip (an entry name that is not the UTF-8 the archive says it is)");
        }
    }

    /** At most one document's worth, and no more than is left of the file's budget. */
    private byte[] inflated(InputStream in, String name, long[] budget) throws IOException, ReportReadException {
        long limit = Math.min(limits.maxDocumentBytes(), budget[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > limit) {
                throw new ReportReadException(name + " inflates to more than " + limit + " bytes; refused");
            }
            out.write(buffer, 0, read);
        }
        budget[0] -= total;
        return out.toByteArray();
    }

    private enum Kind { XML, GZIP, ZIP, EMAIL, UNKNOWN }

    private static Kind kind(byte[] data) {
        if (data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
            return Kind.GZIP;
        }
        if (data.length >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4) {
            return Kind.ZIP;
        }
        int start = data.length >= 3 && (data[0] & 0xff) == 0xef && (data[1] & 0xff) == 0xbb && (data[2] & 0xff) == 0xbf ? 3 : 0;
        while (start < data.length && (data[start] == ' ' || data[start] == '\t' || data[start] == '\r' || data[start] == '\n')) {
            start++;
        }
        if (start < data.length && data[start] == '<') {
            return Kind.XML;
        }
        return looksLikeHeaderField(data) ? Kind.EMAIL : Kind.UNKNOWN;
    }

    /** A first line "Name: value" with an RFC 5322 §2.2 field name. */
    private static boolean looksLikeHeaderField(byte[] data) {
        int i = 0;
        while (i < data.length && i < 1000 && data[i] > 32 && data[i] < 127 && data[i] != ':') {
            i++;
        }
        return i > 0 && i < data.length && data[i] == ':';
    }
}
