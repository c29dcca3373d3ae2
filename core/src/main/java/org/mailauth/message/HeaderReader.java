package org.mailauth.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header section of a message pushed in chunks (RFC 5322 §2.2): fields with their folding, up to
 * the empty line that starts the body. Lines may end in CRLF or a bare LF; folds are kept as CRLF.
 */
final class HeaderReader {

    private final List<HeaderField> fields = new ArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private StringBuilder current;
    private boolean done;

    /** Consumes bytes of the header section; returns how many it took (the rest belongs to the body). */
    int feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && !done) {
            byte b = bytes[i++];
            if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }
        return i - offset;
    }

    /** The message ended inside its header section: what was read is the header, the body is empty. */
    void end() {
        if (!done) {
            if (line.size() > 0) {
                endLine();
            }
            flushField();
            done = true;
        }
    }

    boolean done() {
        return done;
    }

    List<HeaderField> fields() {
        return fields;
    }

    private void endLine() {
        byte[] content = line.toByteArray();
        line.reset();
        int length = content.length > 0 && content[content.length - 1] == '\r' ? content.length - 1 : content.length;
        if (length == 0) {
            flushField();
            done = true;
            return;
        }
        String text = new String(content, 0, length, StandardCharsets.ISO_8859_1);
        if ((content[0] == ' ' || content[0] == '\t') && current != null) {
            current.append("\r\n").append(text);
        } else {
            flushField();
            current = new StringBuilder(text);
        }
    }

    private void flushField() {
        if (current != null) {
            fields.add(HeaderField.of(current.toString()));
            current = null;
        }
    }
}
