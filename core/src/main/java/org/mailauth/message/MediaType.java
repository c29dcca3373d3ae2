package org.mailauth.message;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Content-Type value (RFC 2045 §5.1): type, subtype, and parameters, names in lower case, quoted values unquoted.
 * A value that cannot be read is text/plain (RFC 2045 §5.2).
 */
public final class MediaType {

    static final MediaType TEXT_PLAIN = new MediaType("text", "plain", Map.of());

    private final String type;
    private final String subtype;
    private final Map<String, String> parameters;

    private MediaType(String type, String subtype, Map<String, String> parameters) {
        this.type = type;
        this.subtype = subtype;
        this.parameters = Map.copyOf(parameters);
    }

    public static MediaType parse(String value) {
        String text = value.replace("\r", "").replace("\n", "");
        int semicolon = text.indexOf(';');
        String mime = (semicolon < 0 ? text : text.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = mime.indexOf('/');
        if (slash <= 0 || slash == mime.length() - 1) {
            return TEXT_PLAIN;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int position = semicolon < 0 ? text.length() : semicolon + 1;
        while (position < text.length()) {
            int equals = text.indexOf('=', position);
            if (equals < 0) {
                break;
            }
            String name = text.substring(position, equals).trim().toLowerCase(Locale.ROOT);
            int start = equals + 1;
            while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
                start++;
            }
            String parameterValue;
            int end;
            if (start < text.length() && text.charAt(start) == '"') {
                StringBuilder quoted = new StringBuilder();
                end = start + 1;
                while (end < text.length() && text.charAt(end) != '"') {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                    }
                    quoted.append(text.charAt(end++));
                }
                parameterValue = quoted.toString();
                int next = text.indexOf(';', end);
                end = next < 0 ? text.length() : next;
            } else {
                int next = text.indexOf(';', start);
                end = next < 0 ? text.length() : next;
                parameterValue = text.substring(start, end).trim();
            }
            parameters.putIfAbsent(name, parameterValue);
            position = end + 1;
        }
        return new MediaType(mime.substring(0, slash).trim(), mime.substring(slash + 1).trim(), parameters);
    }

    public String type() {
        return type;
    }

    public String subtype() {
        return subtype;
    }

    /** type/subtype, lower case. */
    public String mimeType() {
        return type + "/" + subtype;
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return mimeType();
    }
}
