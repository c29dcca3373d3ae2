package org.mailauth.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings as one line of text, and back: what the report store keeps rows and policies as. Fields are
 * separated by TAB; TAB, LF, CR and backslash inside a field are escaped. A missing value is "\0".
 */
final class FieldCodec {

    private static final String ABSENT = "\\0";

    private FieldCodec() {
    }

    static String encode(List<String> fields) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append('\t');
            }
            String field = fields.get(i);
            if (field == null) {
                text.append(ABSENT);
                continue;
            }
            for (char c : field.toCharArray()) {
                switch (c) {
                    case '\\':
                        text.append("\\\\");
                        break;
                    case '\t':
                        text.append("\\t");
                        break;
                    case '\n':
                        text.append("\\n");
                        break;
                    case '\r':
                        text.append("\\r");
                        break;
                    default:
                        text.append(c);
                }
            }
        }
        return text.toString();
    }

    static List<String> decode(String text) {
        List<String> fields = new ArrayList<>();
        for (String raw : text.split("\t", -1)) {
            if (raw.equals(ABSENT)) {
                fields.add(null);
                continue;
            }
            StringBuilder field = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    field.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
        }
        return fields;
    }
}
