package org.mailauth.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.mailauth.report.ReportStoreException;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReceivedReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard over HTTP, without a server: {@code /} is the page, {@code /summary.json?domain=D&since=YYYY-MM-DD} its
 * data from the store (all policy domains unless {@code domain}; reports whose period ends on or after {@code since},
 * by default the last {@value #DEFAULT_DAYS} days). Paths are relative to where a server mounts the dashboard; James's
 * WebAdmin route and {@code mailauth report serve} both answer through this class. Only GET and HEAD.
 */
public final class DashboardHandler {

    static final int DEFAULT_DAYS = 30;
    /** Sources listed per policy domain, most failures first. */
    static final int TOP_SOURCES = 100;

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger LOGGER = LoggerFactory.getLogger(DashboardHandler.class);
    /** A domain name as a report names it (letters, digits, hyphens, underscores, dots; RFC 1035 §2.3.4 length). */
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]{1,253}");

    private final ReceivedReportStore store;
    private final Clock clock;
    private final DashboardPage page;

    public DashboardHandler(ReceivedReportStore store, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.page = DashboardPage.load();
    }

    /**
     * @param method the request method
     * @param path the path below the dashboard's mount point, starting with "/"
     * @param rawQuery the query as sent (percent-encoded), or null
     */
    public DashboardResponse handle(String method, String path, String rawQuery) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Map<String, String> headers = common();
            headers.put("Allow", "GET, HEAD");
            return DashboardResponse.text(405, TEXT, headers, "Only GET and HEAD.\n");
        }
        switch (path) {
            case "/":
                Map<String, String> headers = common();
                headers.put("Content-Security-Policy", page.contentSecurityPolicy());
                return new DashboardResponse(200, HTML, headers, page.html());
            case "/summary.json":
                return summary(rawQuery == null ? "" : rawQuery);
            default:
                return DashboardResponse.text(404, TEXT, common(), "No such page: the dashboard is / and its data /summary.json.\n");
        }
    }

    private DashboardResponse summary(String rawQuery) {
        Map<String, String> query;
        try {
            query = parameters(rawQuery);
        } catch (IllegalArgumentException e) {
            return error(400, "the query is not percent-encoded UTF-8: " + e.getMessage());
        }
        Optional<String> domain = Optional.ofNullable(query.get("domain")).filter(value -> !value.isEmpty());
        if (domain.isPresent() && !DOMAIN.matcher(domain.get()).matches()) {
            return error(400, "domain: not a domain name: " + domain.get());
        }
        Instant since;
        String sinceText = query.getOrDefault("since", "");
        if (sinceText.isEmpty()) {
            since = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(DEFAULT_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        } else {
            try {
                since = LocalDate.parse(sinceText).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return error(400, "since: not a date (YYYY-MM-DD): " + sinceText);
            }
        }
        DmarcSummary summary;
        try {
            summary = store.summary(domain, since, TOP_SOURCES);
        } catch (ReportStoreException e) {
            LOGGER.warn("mailauth: the DMARC dashboard cannot read the received reports: {}", e.getMessage());
            return error(503, "the report store is not available: " + e.getMessage());
        }
        return DashboardResponse.text(200, JSON, common(), SummaryJson.of(summary, since));
    }

    private static DashboardResponse error(int status, String message) {
        return DashboardResponse.text(status, JSON, common(), new JsonWriter().beginObject().member("error", message).endObject().toString());
    }

    /** Never cached (the reports change, and they are nobody else's business); never sniffed as another type. */
    private static Map<String, String> common() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        return headers;
    }

    /** The query's parameters (the first of a repeated name wins), decoded as HTML forms encode them. */
    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }
}
