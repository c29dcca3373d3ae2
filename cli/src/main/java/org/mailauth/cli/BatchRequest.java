package org.mailauth.cli;

import java.net.InetAddress;
import java.util.Map;

import org.mailauth.dns.IpLiteral;

/**
 * One line of {@code --batch} input: a JSON object whose {@code id} is echoed in the output line and whose other
 * fields are strings. Anything wrong with the line is an {@link IllegalArgumentException} saying what.
 */
final class BatchRequest {

    private final Map<?, ?> fields;

    private BatchRequest(Map<?, ?> fields) {
        this.fields = fields;
    }

    static BatchRequest parse(String line) {
        Object parsed = JsonReader.read(line);
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("each line must be a JSON object");
        }
        return new BatchRequest((Map<?, ?>) parsed);
    }

    /** The id to echo, as given (any JSON value), or null. */
    Object id() {
        return fields.get("id");
    }

    /** A string field; "" when absent. */
    String text(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string");
        }
        return (String) value;
    }

    /** The "ip" field as an address. */
    InetAddress ip() {
        String ip = text("ip");
        return IpLiteral.parse(ip).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + ip));
    }

    /** The output line of a line that could not be taken: its id, if it had one, and the error. */
    static String error(BatchRequest request, String message) {
        return new JsonObject().put("id", request == null ? null : request.id()).put("error", message).toString();
    }
}
