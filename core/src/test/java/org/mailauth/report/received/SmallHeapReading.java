package org.mailauth.report.received;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The child JVM of {@link SmallHeapReadingTest}: makes one hostile input here, in the small heap, reads it with the
 * default {@link ReadLimits}, and prints one line: {@code refused: <reason>} or what it read. An
 * OutOfMemoryError ends the JVM (the test starts it with {@code -XX:+ExitOnOutOfMemoryError}).
 */
public final class SmallHeapReading {

    private SmallHeapReading() {
    }

    public static void main(String[] args) throws Exception {
        ReportFileReader reader = new ReportFileReader(ReadLimits.defaults());
        try {
            ReceivedFile file = read(args[0], reader);
            System.out.println("read: " + file.aggregateReports().size() + " aggregate, " + file.failureReports().size() + " failure reports");
        } catch (ReportReadException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }

    private static ReceivedFile read(String hostile, ReportFileReader reader) throws IOException, ReportReadException {
        switch (hostile) {
            case "gzip-bomb":
                return reader.read(gzipOfZeros(1 << 30));
            case "zip-of-10000-entries":
                return reader.read(zipOfEntries(10_000));
            case "xml-of-50-mb-as-a-stream":
                return reader.read(new FiftyMegabyteXml());
            case "entity-expansion":
                return reader.read(billionLaughs());
            case "e-mail-of-nested-multiparts":
                return reader.read(nestedMultiparts(8, 30 << 20));
            case "xml-of-the-most-records":
                return reader.read(gzip(records(14 << 20)));
            case "zip-of-two-documents-of-the-most-records":
                return reader.read(zipOf(records(14 << 20), records(14 << 20)));
            case "e-mail-of-one-header-field":
                return reader.read(oneHeaderField(30 << 20));
            case "e-mail-of-quoted-printable-xml":
                return reader.read(quotedPrintableXml(30 << 20));
            case "failure-report-of-one-field":
                return reader.read(failureReportOfOneField(30 << 20));
            default:
                throw new IllegalArgumentException("no hostile input " + hostile);
        }
    }

    /** 1 GB of zeros, gzip-compressed to about 1 MB. */
    private static byte[] gzipOfZeros(long size) throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return bomb.toByteArray();
    }

    private static byte[] zipOfEntries(int count) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("r" + i + ".xml"));
                zip.write(("<feedback><report_metadata><report_id>" + i + "</report_id><date_range><begin>1</begin><end>2</end>"
                    + "</date_range></report_metadata><policy_published><domain>example.com</domain></policy_published></feedback>")
                    .getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        return archive.toByteArray();
    }

    private static byte[] billionLaughs() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        return laughs.append("]><feedback>&lol9;</feedback>").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * An e-mail of {@code depth} multiparts, one inside the other, around one base64 part: nearly {@code size} bytes, the
     * most a report file may be.
     */
    private static byte[] nestedMultiparts(int depth, int size) {
        StringBuilder head = new StringBuilder("From: noreply@reporter.example\r\nSubject: nested\r\nMIME-Version: 1.0\r\n");
        StringBuilder tail = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            head.append("Content-Type: multipart/mixed; boundary=\"b").append(level).append("\"\r\n\r\n--b").append(level).append("\r\n");
            tail.insert(0, "\r\n--b" + level + "--\r\n");
        }
        head.append("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        String line = Base64.getEncoder().encodeToString(new byte[57]) + "\r\n";
        int lines = (size - head.length() - tail.length()) / line.length();
        byte[] email = new byte[head.length() + lines * line.length() + tail.length()];
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, email, 0, start.length);
        byte[] body = line.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < lines; i++) {
            System.arraycopy(body, 0, email, start.length + i * body.length, body.length);
        }
        byte[] end = tail.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(end, 0, email, start.length + lines * body.length, end.length);
        return email;
    }

    /** A report of as many of the smallest records as fit in {@code size} bytes of XML. */
    private static byte[] records(int size) {
        String start = "<feedback><report_metadata><org_name>r</org_name><report_id>many</report_id><date_range><begin>1</begin>"
            + "<end>2</end></date_range></report_metadata><policy_published><domain>example.com</domain></policy_published>";
        String record = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count></row></record>";
        StringBuilder xml = new StringBuilder(size).append(start);
        while (xml.length() + record.length() + 11 < size) {
            xml.append(record);
        }
        return xml.append("</feedback>").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] zipOf(byte[]... documents) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            for (int i = 0; i < documents.length; i++) {
                zip.putNextEntry(new ZipEntry("r" + i + ".xml"));
                zip.write(documents[i]);
                zip.closeEntry();
            }
        }
        return archive.toByteArray();
    }

    private static byte[] oneHeaderField(int size) {
        byte[] email = new byte[size];
        byte[] start = "Subject: ".getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(email, (byte) 'x');
        System.arraycopy(start, 0, email, 0, start.length);
        return email;
    }

    /** A feedback report (RFC 5965) whose message/feedback-report part is one field as large as a report file may be. */
    private static byte[] failureReportOfOneField(int size) {
        String head = "From: noreply@reporter.example\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\r\n"
            + "\r\n--f\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: auth-failure\r\nUser-Agent: ";
        byte[] email = new byte[size];
        java.util.Arrays.fill(email, (byte) 'x');
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, email, 0, start.length);
        return email;
    }

    private static byte[] quotedPrintableXml(int size) {
        String head = "From: noreply@reporter.example\r\nContent-Type: text/xml\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<feedback><report_metadata><org_name>";
        byte[] email = new byte[size];
        java.util.Arrays.fill(email, (byte) 'x');
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, email, 0, start.length);
        return email;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    /** 50 MB of a report that never ends, made as it is read: the input itself takes no memory. */
    private static final class FiftyMegabyteXml extends InputStream {
        private static final byte[] START = "<feedback><report_metadata><org_name>".getBytes(StandardCharsets.US_ASCII);
        private static final long SIZE = 50L << 20;
        private long position;

        @Override
        public int read() {
            if (position >= SIZE) {
                return -1;
            }
            return position < START.length ? START[(int) position++] : (position++ % 64 == 0 ? '\n' : 'x');
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= SIZE) {
                return -1;
            }
            int count = (int) Math.min(length, SIZE - position);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = (byte) read();
            }
            return count;
        }
    }
}
