package org.mailauth.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The dashboard on the JDK's HTTP server: the handler's answers as they are, a password when one is given. */
class DashboardServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DashboardHandler handler = new DashboardHandler(FixedSummaryStore.holding(SampleSummary.summary()), Clock.systemUTC());

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private HttpResponse<String> get(URI uri, Optional<String> authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void servesThePageAndItsSummaryWithTheHandlersFields() throws Exception {
        try (DashboardServer server = DashboardServer.start(handler, loopback(), Optional.empty())) {
            HttpResponse<String> page = get(server.uri(), Optional.empty());
            HttpResponse<String> summary = get(server.uri().resolve("summary.json?domain=example.org"), Optional.empty());

            assertThat(server.uri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("default-src 'none'"));
            assertThat(page.body()).startsWith("<!DOCTYPE html>");
            assertThat(summary.statusCode()).isEqualTo(200);
            assertThat(summary.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(summary.body()).contains("\"policy_domain\":\"example.org\"").doesNotContain("\"example.com\"");
        }
    }

    @Test
    void headHasTheFieldsWithoutTheBody() throws Exception {
        try (DashboardServer server = DashboardServer.start(handler, loopback(), Optional.empty())) {
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(server.uri()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void withAPasswordEveryRequestNeedsIt() throws Exception {
        try (DashboardServer server = DashboardServer.start(handler, loopback(), Optional.of("s3cret-pässword"))) {
            HttpResponse<String> none = get(server.uri(), Optional.empty());
            HttpResponse<String> wrong = get(server.uri().resolve("summary.json"), Optional.of(basic("admin", "guess")));
            HttpResponse<String> garbage = get(server.uri(), Optional.of("Basic !!!"));
            HttpResponse<String> right = get(server.uri().resolve("summary.json"), Optional.of(basic("anyone", "s3cret-pässword")));

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mailauth DMARC dashboard\", charset=\"UTF-8\"");
            assertThat(none.body()).doesNotContain("example.com");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(garbage.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("\"policy_domain\":\"example.com\"");
        }
    }

    @Test
    void afterCloseNothingListens() throws Exception {
        DashboardServer server = DashboardServer.start(handler, loopback(), Optional.empty());
        URI uri = server.uri();
        server.close();

        assertThatThrownBy(() -> get(uri, Optional.empty())).isInstanceOf(ConnectException.class);
    }
}
