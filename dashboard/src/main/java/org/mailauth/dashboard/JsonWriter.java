package org.mailauth.dashboard;

/**
 * A JSON text (RFC 8259) written value by value, in ASCII only: every character of a string that is not printable
 * ASCII, and {@code " \ < > & '}, is written as an escape (§7), so the text means the same whatever charset or
 * context (HTML, a script) it lands in, and a lone surrogate of hostile data survives as {@code \ud800} instead of
 * becoming an invalid byte. Numbers are written as JSON numbers. The caller writes a well-formed sequence; commas
 * are placed here.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder json = new StringBuilder();
    private boolean afterValue;

    JsonWriter beginObject() {
        separate();
        json.append('{');
        afterValue = false;
        return this;
    }

    JsonWriter endObject() {
        json.append('}');
        afterValue = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        json.append('[');
        afterValue = false;
        return this;
    }

    JsonWriter endArray() {
        json.append(']');
        afterValue = true;
        return this;
    }

    /** The name of the next member of an object. */
    JsonWriter name(String name) {
        separate();
        string(name);
        json.append(':');
        afterValue = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        string(value);
        afterValue = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        json.append(value);
        afterValue = true;
        return this;
    }

    JsonWriter nullValue() {
        separate();
        json.append("null");
        afterValue = true;
        return this;
    }

    JsonWriter member(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, long value) {
        return name(name).value(value);
    }

    private void separate() {
        if (afterValue) {
            json.append(',');
            afterValue = false;
        }
    }

    private void string(String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    json.append("\\\"");
                    break;
                case '\\':
                    json.append("\\\\");
                    break;
                case '\n':
                    json.append("\\n");
                    break;
                case '\r':
                    json.append("\\r");
                    break;
                case '\t':
                    json.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '\'') {
                        json.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                            .append(HEX[c & 0xf]);
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
