package org.mailauth.james.mailets;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import org.mailauth.results.FieldText;

/**
 * Rewrites a message written through it (RFC 5322 §2.1: header section, empty line, body): the given fields
 * first, then the message's own fields except those {@code drop} accepts, then the body unchanged. Only the
 * header section is held in memory. A continuation line (starting with SP or HTAB) belongs to the field above
 * it (RFC 5322 §2.2.3). A bare CR in the message's header section, which RFC 5322 §2.3 forbids and which JavaMail
 * and some mail readers take as a line end, becomes a fold (CRLF SP): whatever follows it stays inside its field, so
 * no field can hide behind one, neither from {@code drop} nor from a reader. (James 3.8.1 writes the EHLO name into
 * its Received field as the client sent it, bare CR included.)
 *
 * <p>The new fields are refused unless every line break in them is a fold (CRLF followed by WSP): text that could
 * end a field and start another never reaches the message ({@link FieldText#isFolded}). They are written in UTF-8
 * (RFC 6532 §3.2); the message's own fields are written back byte for byte.
 */
final class FieldsOnTopStream extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private final List<String> fields;
    private final BiPredicate<String, String> drop;
    private final ByteArrayOutputStream headerSection = new ByteArrayOutputStream();
    private boolean inBody;
    private int lineLength;
    private int dropped;

    /**
     * {@code fields}: whole fields, "Name: value", folded with CRLF + WSP; {@code drop} sees name and value.
     *
     * @throws IllegalArgumentException when a field holds a line break that is not a fold
     */
    FieldsOnTopStream(OutputStream out, List<String> fields, BiPredicate<String, String> drop) {
        super(out);
        for (String field : fields) {
            if (!FieldText.isFolded(field)) {
                throw new IllegalArgumentException("refused to write a header field whose line breaks are not folds: "
                    + FieldText.quote(field));
            }
        }
        this.fields = List.copyOf(fields);
        this.drop = drop;
    }

    /** How many of the message's fields were left out. */
    int dropped() {
        return dropped;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (inBody) {
            out.write(bytes, offset, length);
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            headerSection.write(b);
            if (b == '\n') {
                if (lineLength == 0) {
                    writeHeaderSection();
                    inBody = true;
                    out.write(bytes, i + 1, offset + length - i - 1);
                    return;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
    }

    private void writeHeaderSection() throws IOException {
        for (String field : fields) {
            out.write(field.getBytes(StandardCharsets.UTF_8));
            out.write(CRLF);
        }
        for (String field : existingFields()) {
            int colon = field.indexOf(':');
            String name = colon < 0 ? field : field.substring(0, colon).trim();
            String value = colon < 0 ? "" : field.substring(colon + 1).trim();
            if (drop.test(name, value)) {
                dropped++;
                continue;
            }
            out.write(field.getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        }
        out.write(CRLF);
    }

    /** The fields of the held header section, each without its final line end (inner line ends kept as CRLF). */
    private List<String> existingFields() {
        String text = headerSection.toString(StandardCharsets.ISO_8859_1);
        List<String> result = new ArrayList<>();
        StringBuilder field = null;
        for (String line : text.replaceAll("\r(?!\n)", "\r\n ").split("\r?\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                field.append("\r\n").append(line);
            } else {
                if (field != null) {
                    result.add(field.toString());
                }
                field = new StringBuilder(line);
            }
        }
        if (field != null) {
            result.add(field.toString());
        }
        return result;
    }

    @Override
    public void close() throws IOException {
        if (!inBody) {
            if (lineLength > 0) {
                headerSection.write(CRLF);
            }
            writeHeaderSection();
            inBody = true;
        }
        super.close();
    }
}
