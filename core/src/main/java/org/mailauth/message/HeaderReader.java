package org.mailauth.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the header section of a message pushed in chunks (RFC 5322 §2.2): fields with their folding, up to
 * the empty line that starts the body. Lines may end in CRLF or a bare LF; folds are kept as CRLF.
 */
final class HeaderReader {

    private final List<HeaderField> fields = new ArrayList<>();
    /** The start of a line whose end is in a later chunk. */
    private byte[] partial = new byte[256];
    private int partialLength;
    private StringBuilder current;
    private boolean done;

    /** Consumes bytes of the header section; returns how many it took (the rest belongs to the body). */
    int feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && !done) {
            int newline = indexOfNewline(bytes, i, end);
            if (newline < 0) {
                keep(bytes, i, end - i);
                return length;
            }
            if (partialLength == 0) {
                endLine(bytes, i, newline - i);
            } else {
                keep(bytes, i, newline - i);
                endLine(partial, 0, partialLength);
                partialLength = 0;
            }
            i = newline + 1;
        }
        return i - offset;
    }

    /** The message ended inside its header section: what was read is the header, the body is empty. */
    void end() {
        if (!done) {
            if (partialLength > 0) {
                endLine(partial, 0, partialLength);
                partialLength = 0;
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

    private static int indexOfNewline(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
        }
        System.arraycopy(bytes, offset, partial, partialLength, length);
        partialLength += length;
    }

    /** One line without its LF; a CR before the LF is not part of it. */
    private void endLine(byte[] bytes, int offset, int lineLength) {
        int length = lineLength > 0 && bytes[offset + lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        if (length == 0) {
            flushField();
            done = true;
            return;
        }
        String text = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        if ((bytes[offset] == ' ' || bytes[offset] == '\t') && current != null) {
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
