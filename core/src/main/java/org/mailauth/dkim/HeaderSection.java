package org.mailauth.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header section of a message (RFC 5322 §2.2) as the DKIM signer and verifier read it: its fields in order, each
 * with its folding, up to the empty line that ends it; lines end in CRLF or a bare LF. A line that begins with WSP
 * continues the field before it, whatever that field is (§2.2.3), so a folded line is never a field of its own.
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
