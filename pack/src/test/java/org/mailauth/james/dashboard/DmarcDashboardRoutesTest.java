package org.mailauth.james.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailauth.james.MailauthModule;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReceivedReportStore;
import org.mailauth.report.received.Submission;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;

import spark.Service;

/**
 * The dashboard's WebAdmin route as James wires it: built by Guice from the pack's bindings, defined on a Spark service
 * the way James's WebAdminServer defines extension routes (its JSON content type first, its authentication filter on
 * the base path and below it), answered over HTTP.
 */
class DmarcDashboardRoutesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-31T12:00:00Z"), ZoneOffset.UTC);
    private static final String TOKEN = "Bearer let-me-in";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> filtered = new ArrayList<>();
    private Service service;
    private URI base;

    @BeforeEach
    void startWebAdminLikeJames() {
        DmarcDashboardRoutes routes = Guice.createInjector(binder -> {
            binder.bind(ReceivedReportStore.class).toInstance(new OneDomainStore());
            binder.bind(Clock.class).toInstance(CLOCK);
        }).getInstance(DmarcDashboardRoutes.class);

        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        service.before((request, response) -> response.type("application/json"));
        spark.Filter authentication = (request, response) -> {
            filtered.add(request.pathInfo());
            if (!TOKEN.equals(request.headers("Authorization"))) {
                service.halt(401, "{\"message\":\"No valid JWT\"}");
            }
        };
        service.before(routes.getBasePath(), authentication);
        service.before(routes.getBasePath() + "/*", authentication);
        routes.define(service);
        service.awaitInitialization();
        base = URI.create("http://127.0.0.1:" + service.port());
    }

    @AfterEach
    void stop() {
        service.stop();
        service.awaitStop();
    }

    private HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            request.header("Authorization", TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePackModuleBindsTheStoreTheRouteNeeds() {
        List<Element> elements = Elements.getElements(new MailauthModule());

        assertThat(elements).anySatisfy(element -> assertThat(element).isInstanceOfSatisfying(com.google.inject.Binding.class,
            binding -> assertThat(binding.getKey()).isEqualTo(Key.get(ReceivedReportStore.class))));
    }

    @Test
    void thePageIsServedAsHtmlWithItsPolicyDespiteWebAdminsJsonDefault() throws Exception {
        HttpResponse<String> page = get("/mailauth/dmarc/", true);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("default-src 'none'"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void theSummaryIsTheStoresAsJson() throws Exception {
        HttpResponse<String> summary = get("/mailauth/dmarc/summary.json?domain=example.com&since=2025-03-01", true);

        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(summary.body()).startsWith("{\"since\":\"2025-03-01T00:00:00Z\",\"domains\":[{\"policy_domain\":\"example.com\",\"messages\":10,");
    }

    @Test
    void aBadQueryIsABadRequest() throws Exception {
        HttpResponse<String> summary = get("/mailauth/dmarc/summary.json?since=soon", true);

        assertThat(summary.statusCode()).isEqualTo(400);
        assertThat(summary.body()).isEqualTo("{\"error\":\"since: not a date (YYYY-MM-DD): soon\"}");
    }

    @Test
    void withoutTheTrailingSlashTheBrowserIsSentToTheDashboardsAddress() throws Exception {
        HttpResponse<String> redirect = get("/mailauth/dmarc", true);

        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/mailauth/dmarc/"));
    }

    @Test
    void webAdminsAuthenticationGuardsEveryPathOfTheDashboard() throws Exception {
        for (String path : List.of("/mailauth/dmarc", "/mailauth/dmarc/", "/mailauth/dmarc/summary.json")) {
            HttpResponse<String> response = get(path, false);

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.body()).as(path).doesNotContain("example.com", "<!DOCTYPE");
        }
        assertThat(filtered).containsExactly("/mailauth/dmarc", "/mailauth/dmarc/", "/mailauth/dmarc/summary.json");
    }

    /** One domain, one day, ten messages. */
    private static final class OneDomainStore implements ReceivedReportStore {
        @Override
        public DmarcSummary summary(Optional<String> domain, Instant since, int topSources) {
            return new DmarcSummary(List.of(new DmarcSummary.Domain("example.com", 10, 9, 9, 8, 1, 0,
                List.of(new DmarcSummary.Day(LocalDate.of(2025, 3, 2), 9, 1)), List.of(), List.of())));
        }

        @Override
        public Stored add(ReceivedReport report, Submission submission, Map<String, String> reverseNames) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(ReceivedFailureReport report, Submission submission) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int purge(Instant cutoff) {
            throw new UnsupportedOperationException();
        }
    }
}
