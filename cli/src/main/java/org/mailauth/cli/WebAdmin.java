package org.mailauth.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The James WebAdmin calls the command needs ({@code run}'s user, {@code kept}'s mail repositories), with a bearer token when given. */
final class WebAdmin {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Optional<String> authorization;

    WebAdmin(URI base, Optional<String> authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The WebAdmin of {@code mailauth run}: on 127.0.0.1, with the token of this start. */
    WebAdmin(int port, WebAdminToken token) {
        this(URI.create("http://127.0.0.1:" + port), Optional.of(token.authorization()));
    }

    URI base() {
        return base;
    }

    /** Creates the user, or sets its password when it exists. */
    void putUser(String address, String password) throws IOException, InterruptedException {
        String body = new JsonObject().put("password", password).toString();
        HttpResponse<String> response = send(request("/users/" + URLEncoder.encode(address, StandardCharsets.UTF_8))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("James WebAdmin refused to create " + address + ": HTTP " + response.statusCode()
                + " " + response.body());
        }
    }

    /** GET of {@code path} (with its query), asking for {@code accept}. */
    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return send(request(path).header("Accept", accept).GET());
    }

    HttpResponse<String> patch(String path) throws IOException, InterruptedException {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
