package org.mailauth.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header section of a message (RFC 5322 §2.2): its fields in order, each with its folding, up to the empty line
 * that ends it; lines end in CRLF or a bare LF. A line that begins with WSP continues the field before it, whatever
 * that field is (§2.2.3), so a folded line is never a field of its own. The one reader of header sections in core:
 * DKIM, DMARC's From fields and the author address of outbound mail all read a message through it.
 */
public final class HeaderSection {

    private final List<HeaderField> fields;

    private HeaderSection(List<HeaderField> fields) {
        this.fields = List.copyOf(fields);
    }

    /** The header section of {@code message}; the body is not read. */
    public static HeaderSection of(byte[] message) {
        HeaderReader reader = new HeaderReader();
        reader.feed(message, 0, message.length);
        reader.end();
        return new HeaderSection(reader.fields());
    }

    /** Reads {@code message} up to the end of its header section (a few octets of the body may be read with it). */
    public static HeaderSection read(InputStream message) throws IOException {
        HeaderReader reader = new HeaderReader();
        byte[] buffer = new byte[8192];
        while (!reader.done()) {
            int read = message.read(buffer);
            if (read < 0) {
                break;
            }
            reader.feed(buffer, 0, read);
        }
        reader.end();
        return new HeaderSection(reader.fields());
    }

    static HeaderSection of(List<HeaderField> fields) {
        return new HeaderSection(fields);
    }

    public List<HeaderField> fields() {
        return fields;
    }

    /**
     * The values of every field named {@code name} (case-insensitive), in order, folding included; 8-bit octets are
     * read as UTF-8 (RFC 6532 §3.2).
     */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (HeaderField field : fields) {
            if (field.hasName(name)) {
                values.add(new String(field.value().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
