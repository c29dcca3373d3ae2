package org.mailauth.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The few James WebAdmin calls {@code mailauth run} needs, on 127.0.0.1, with the token of this start. */
final class WebAdmin {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final WebAdminToken token;

    WebAdmin(int port, WebAdminToken token) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.token = token;
    }

    URI base() {
        return base;
    }

    /** Creates the user, or sets its password when it exists. */
    void putUser(String address, String password) throws IOException, InterruptedException {
        String body = new JsonObject().put("password", password).toString();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/users/" + URLEncoder.encode(address, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Authorization", token.authorization())
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("James WebAdmin refused to create " + address + ": HTTP " + response.statusCode()
                + " " + response.body());
        }
    }
}
