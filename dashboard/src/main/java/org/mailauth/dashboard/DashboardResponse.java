package org.mailauth.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the dashboard answers to one request: a status, the type of the body, further header fields, the body. */
public final class DashboardResponse {

    private final int status;
    private final String contentType;
    private final Map<String, String> headers;
    private final byte[] body;

    DashboardResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType);
        this.headers = Map.copyOf(headers);
        this.body = body.clone();
    }

    static DashboardResponse text(int status, String contentType, Map<String, String> headers, String body) {
        return new DashboardResponse(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public int status() {
        return status;
    }

    /** The Content-Type field, with its charset. */
    public String contentType() {
        return contentType;
    }

    /** The other header fields to send (caching, Content-Security-Policy...), by name. */
    public Map<String, String> headers() {
        return new LinkedHashMap<>(headers);
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
