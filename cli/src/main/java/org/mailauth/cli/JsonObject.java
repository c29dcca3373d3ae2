package org.mailauth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON object written on one line (RFC 8259), members in the order they were put. */
final class JsonObject {

    private final Map<String, Object> members = new LinkedHashMap<>();

    /** {@code value}: a String, Number, Boolean, JsonObject, Map or List of those, or null. */
    JsonObject put(String name, Object value) {
        members.put(name, value);
        return this;
    }

    /** Adds every member of {@code other}, in its order. */
    JsonObject putAll(JsonObject other) {
        members.putAll(other.members);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder json = new StringBuilder(1024);
        write(this, json);
        return json.toString();
    }

    private static void write(Object value, StringBuilder json) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof String) {
            string((String) value, json);
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof JsonObject) {
            json.append('{');
            String separator = "";
            for (Map.Entry<String, Object> member : ((JsonObject) value).members.entrySet()) {
                json.append(separator);
                string(member.getKey(), json);
                json.append(':');
                write(member.getValue(), json);
                separator = ",";
            }
            json.append('}');
        } else if (value instanceof java.util.Map) {
            JsonObject object = new JsonObject();
            ((java.util.Map<?, ?>) value).forEach((name, member) -> object.put(String.valueOf(name), member));
            write(object, json);
        } else if (value instanceof List) {
            json.append('[');
            String separator = "";
            for (Object element : (List<?>) value) {
                json.append(separator);
                write(element, json);
                separator = ",";
            }
            json.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    /** RFC 8259 §7: quote, backslash and control characters are escaped; the runs between them are copied whole. */
    private static void string(String text, StringBuilder json) {
        json.append('"');
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            json.append(text, run, i);
            run = i + 1;
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
                    json.append(String.format("\\u%04x", (int) c));
            }
        }
        json.append(text, run, text.length());
        json.append('"');
    }
}
