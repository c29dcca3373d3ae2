package org.mailauth.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The dashboard's two resources, the page and summary.json, answered from the store without a server. */
class DashboardHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-31T15:00:00Z"), ZoneOffset.UTC);

    private final FixedSummaryStore store = FixedSummaryStore.holding(SampleSummary.summary());
    private final DashboardHandler handler = new DashboardHandler(store, CLOCK);

    @Test
    void theRootIsThePageAsHtml() {
        DashboardResponse response = handler.handle("GET", "/", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(response.bodyText()).startsWith("<!DOCTYPE html>").contains("fetch('summary.json?since=");
    }

    @Test
    void thePageMayRunOnlyItsOwnInlineScriptAndStyleAndAskOnlyItsOrigin() throws Exception {
        DashboardResponse response = handler.handle("GET", "/", null);
        String page = response.bodyText();
        String policy = response.headers().get("Content-Security-Policy");

        assertThat(policy).startsWith("default-src 'none'; ")
            .contains("script-src " + sha256(DashboardPage.inline(page, "script")) + ";")
            .contains("style-src " + sha256(DashboardPage.inline(page, "style")) + ";")
            .contains("connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'")
            .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
    }

    @Test
    void thePageLoadsNothingFromTheNetworkButItsSummary() {
        String page = handler.handle("GET", "/", null).bodyText();

        Matcher urls = Pattern.compile("[a-z]+://[^'\" )]*").matcher(page);
        while (urls.find()) {
            assertThat(urls.group()).as("the only URL of the page is SVG's namespace, which is never fetched")
                .isEqualTo("http://www.w3.org/2000/svg");
        }
        assertThat(page).doesNotContain(" src=", "@import", "url(", "@font-face", "//cdn", "<link rel=\"stylesheet\"");
        assertThat(page).as("data reaches the page's DOM as text only").doesNotContain("innerHTML", "outerHTML",
            "insertAdjacentHTML", "document.write", "eval(", "new Function");
    }

    @Test
    void summaryJsonIsTheStoresSummaryOfTheDomainSinceTheDate() {
        DashboardResponse response = handler.handle("GET", "/summary.json", "domain=example.org&since=2025-03-02");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(store.domainsAsked).containsExactly(Optional.of("example.org"));
        assertThat(store.sinceAsked).containsExactly(Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(store.topSourcesAsked).containsExactly(DashboardHandler.TOP_SOURCES);
        assertThat(response.bodyText()).startsWith("{\"since\":\"2025-03-02T00:00:00Z\",\"domains\":[{\"policy_domain\":\"example.org\",")
            .doesNotContain("\"policy_domain\":\"example.com\"");
    }

    @Test
    void withoutParametersEveryDomainOfTheLastThirtyDays() {
        handler.handle("GET", "/summary.json", null);
        handler.handle("GET", "/summary.json", "domain=&since=");

        assertThat(store.domainsAsked).containsExactly(Optional.empty(), Optional.empty());
        assertThat(store.sinceAsked).containsOnly(Instant.parse("2025-03-01T00:00:00Z"));
    }

    @Test
    void parametersArePercentDecoded() {
        handler.handle("GET", "/summary.json", "domain=Example%2Ecom&since=2025%2D03%2D05");

        assertThat(store.domainsAsked).containsExactly(Optional.of("Example.com"));
        assertThat(store.sinceAsked).containsExactly(Instant.parse("2025-03-05T00:00:00Z"));
    }

    @Test
    void aSinceThatIsNotADateIsABadRequestThatSaysWhy() {
        DashboardResponse response = handler.handle("GET", "/summary.json", "since=yesterday");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).isEqualTo("{\"error\":\"since: not a date (YYYY-MM-DD): yesterday\"}");
        assertThat(store.sinceAsked).isEmpty();
    }

    @Test
    void aDomainThatIsNotADomainNameIsABadRequestEchoedEscaped() {
        DashboardResponse response = handler.handle("GET", "/summary.json", "domain=%3Cscript%3E");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).isEqualTo("{\"error\":\"domain: not a domain name: \\u003cscript\\u003e\"}");
    }

    @Test
    void aQueryThatIsNotPercentEncodedIsABadRequest() {
        DashboardResponse response = handler.handle("GET", "/summary.json", "domain=%zz");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).startsWith("{\"error\":\"the query is not percent-encoded UTF-8: ");
    }

    @Test
    void aStoreThatCannotBeReadIsServiceUnavailableWithTheReason() {
        DashboardHandler down = new DashboardHandler(FixedSummaryStore.failing("connection refused: localhost:5432"), CLOCK);

        DashboardResponse response = down.handle("GET", "/summary.json", null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.bodyText()).isEqualTo("{\"error\":\"the report store is not available: connection refused: localhost:5432\"}");
    }

    @Test
    void anyOtherPathIsNotFound() {
        for (String path : List.of("/index.html", "/summary.json/", "/../etc/passwd", "")) {
            assertThat(handler.handle("GET", path, null).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        DashboardResponse response = handler.handle("POST", "/summary.json", null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET, HEAD");
        assertThat(handler.handle("HEAD", "/", null).status()).isEqualTo(200);
        assertThat(store.sinceAsked).isEmpty();
    }

    @Test
    void noAnswerIsCachedNorSniffed() {
        for (DashboardResponse response : List.of(handler.handle("GET", "/", null), handler.handle("GET", "/summary.json", null),
            handler.handle("GET", "/summary.json", "since=x"), handler.handle("GET", "/nothing", null))) {
            assertThat(response.headers()).containsEntry("Cache-Control", "no-store").containsEntry("X-Content-Type-Options", "nosniff");
        }
    }

    private static String sha256(String text) throws Exception {
        return "'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))) + "'";
    }
}
