package org.mailauth.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The dashboard as a user sees it: headless Chromium loads the page from a loopback server (mounted below
 * {@code /dmarc/}, as James's WebAdmin mounts it) over a store of three policy domains, its script fetches
 * summary.json and renders it; the assertions read the DOM Chromium rendered. A second page of the same origin frames
 * the dashboard 390 px wide (a phone) and measures it. Screenshots of a laptop's and a phone's window, and of the
 * whole page's first 2,600 px, are kept in target/dashboard-*.png (docs/images/dashboard.png is the laptop's).
 */
class DashboardInChromiumTest {

    private static final String MOUNT = "/dmarc";

    @TempDir
    static Path work;

    private static HttpServer server;
    private static ExecutorService executor;
    private static Chromium chromium;
    private static URI dashboard;
    private static Document rendered;

    @BeforeAll
    static void renderTheDashboard() throws Exception {
        chromium = Chromium.onPath(work);
        DashboardHandler handler = new DashboardHandler(FixedSummaryStore.holding(SampleSummary.summary()), Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext(MOUNT + "/", exchange -> answer(exchange, handler.handle(exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath().substring(MOUNT.length()), exchange.getRequestURI().getRawQuery())));
        DashboardHandler down = new DashboardHandler(FixedSummaryStore.failing("connection refused <b>"), Clock.systemUTC());
        server.createContext("/down/", exchange -> answer(exchange, down.handle(exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath().substring("/down".length()), exchange.getRequestURI().getRawQuery())));
        server.createContext("/phone.html", exchange -> answer(exchange, DashboardResponse.text(200, DashboardHandler.HTML,
            Map.of(), PHONE_PROBE)));
        server.start();
        dashboard = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + MOUNT + "/");

        rendered = Jsoup.parse(chromium.dumpDom(dashboard, 1280, 900), dashboard.toString());
        assertThat(rendered.body().attr("data-state")).as("the page rendered the summary; its status says: %s",
            rendered.select("#status").text()).isEqualTo("ready");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static void answer(HttpExchange exchange, DashboardResponse response) throws IOException {
        try {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    private static Element section(String policyDomain) {
        Element section = rendered.selectFirst("section.domain[data-policy-domain=\"" + policyDomain + "\"]");
        assertThat(section).as("the section of %s", policyDomain).isNotNull();
        return section;
    }

    private static String figure(Element section, String name) {
        return section.select("[data-figure=" + name + "] dd.value").text();
    }

    @Test
    void everyPolicyDomainHasItsSectionAndALineOfTheOverviewLinkingToIt() {
        assertThat(rendered.select("section.domain").eachAttr("data-policy-domain"))
            .containsExactly("example.com", "example.org", "mail.example.net");
        Elements overview = rendered.select("#overview-rows tr");
        assertThat(overview.eachText()).hasSize(3);
        for (Element row : overview) {
            Element link = row.selectFirst("td a");
            assertThat(rendered.getElementById(link.attr("href").substring(1)).attr("data-policy-domain")).isEqualTo(link.text());
        }
    }

    @Test
    void theFiguresAreTheSummarysTotals() {
        Element exampleCom = section("example.com");
        long pass = SampleSummary.exampleComPass();
        long fail = SampleSummary.exampleComFail();

        assertThat(figure(exampleCom, "messages")).isEqualTo(String.format("%,d", pass + fail));
        assertThat(figure(exampleCom, "dmarc-fail")).isEqualTo(String.format("%,d", fail));
        assertThat(figure(exampleCom, "dmarc-pass")).isEqualTo(String.format("%.1f%%", 100.0 * pass / (pass + fail)));
        assertThat(figure(exampleCom, "spf-aligned")).isEqualTo(String.format("%.1f%%", 100.0 * (pass - 260) / (pass + fail)));
        assertThat(figure(exampleCom, "failure-reports")).isEqualTo("3");
        assertThat(figure(section("example.org"), "dmarc-pass")).isEqualTo("100.0%");
        assertThat(rendered.select("#overview-rows tr").first().select("td").eachText())
            .containsExactly("example.com", String.format("%,d", pass + fail), String.format("%.1f%%", 100.0 * pass / (pass + fail)),
                String.format("%,d", fail), "5", "13");
    }

    @Test
    void theChartHasOneBarPerDayFromTheFirstToTheLastReportedDayADayWithoutReportsAtZero() {
        Elements days = section("example.com").select("figure.chart svg g.day");

        assertThat(days).hasSize(SampleSummary.EXAMPLE_COM_CHART_DAYS);
        assertThat(days.eachAttr("data-date")).isEqualTo(IntStream.range(0, SampleSummary.EXAMPLE_COM_CHART_DAYS)
            .mapToObj(i -> SampleSummary.FIRST_DAY.plusDays(i).toString()).collect(Collectors.toList()));
        for (int i = 0; i < days.size(); i++) {
            assertThat(days.get(i).select("rect.pass, rect.fail")).hasSize(2);
            assertThat(days.get(i).attr("data-pass")).isEqualTo(Long.toString(Math.max(0, SampleSummary.EXAMPLE_COM_PASS[i])));
            assertThat(days.get(i).attr("data-fail")).isEqualTo(Long.toString(Math.max(0, SampleSummary.EXAMPLE_COM_FAIL[i])));
        }
        assertThat(days.get(5).select("rect.pass").attr("height")).isEqualTo("0");
        assertThat(days.get(6).select("title").text()).isEqualTo(SampleSummary.FIRST_DAY.plusDays(6) + ": 1,105 pass, 140 fail");
        assertThat(section("example.org").select("svg g.day")).hasSize(4);
        assertThat(section("mail.example.net").select("svg g.day")).hasSize(3);
    }

    @Test
    void sourcesAreListedByFailuresMostFirstWithTheirReverseNameWhenKnown() {
        Elements rows = section("example.com").select("table.sources tbody tr");

        assertThat(rows.eachAttr("data-source")).isEqualTo(SampleSummary.EXAMPLE_COM_SOURCES_BY_FAILURES);
        assertThat(rows.get(0).select("td").eachText()).containsExactly("203.0.113.7", "unknown", "120", "120 (100.0%)", "google.com");
        assertThat(rows.get(3).select("td").eachText()).startsWith("198.51.100.25", "mail.example.com", "9,100", "3 (<0.1%)");
        assertThat(rows.get(3).select("td li").eachText()).containsExactly("google.com", "Microsoft Corporation", "Yahoo");
    }

    @Test
    void aSourcesReportersLinkToTheirReports() {
        Element source = section("example.com").selectFirst("table.sources tr[data-source=198.51.100.25]");

        for (Element link : source.select("td a")) {
            Element report = rendered.getElementById(link.attr("href").substring(1));
            assertThat(report).as("the target of %s", link.text()).isNotNull();
            assertThat(report.parents().select("section.domain").attr("data-policy-domain")).isEqualTo("example.com");
            assertThat(report.selectFirst("td").text()).isEqualTo(link.text());
        }
        assertThat(source.select("td a").eachText()).containsExactly("google.com", "Microsoft Corporation", "Yahoo");
    }

    @Test
    void aHostileReportIsRenderedAsTextNeverAsMarkup() {
        assertThat(rendered.select("img")).as("an <img> from an org_name").isEmpty();
        assertThat(rendered.select("main b, main [onerror], main [onmouseover]")).isEmpty();
        assertThat(rendered.select("script")).as("the page's own script only").hasSize(1);
        Element report = section("example.com").select("table.reports tbody tr").stream()
            .filter(row -> row.attr("data-report").equals(SampleSummary.HOSTILE_REPORT_ID)).findFirst().orElseThrow();
        assertThat(report.select("td").get(0).text()).isEqualTo(SampleSummary.HOSTILE_ORG);
        assertThat(report.select("td code").text()).isEqualTo(SampleSummary.HOSTILE_REPORT_ID);
        Element source = section("example.com").selectFirst("table.sources tr[data-source=192.0.2.44]");
        assertThat(source.select("td").get(1).text()).isEqualTo(SampleSummary.HOSTILE_REVERSE_NAME);
        assertThat(source.select("td a").eachText()).containsExactly(SampleSummary.HOSTILE_ORG, "google.com");
    }

    @Test
    void aReportWhoseEMailFailedDmarcIsMarked() {
        Element report = section("example.com").select("table.reports tbody tr").stream()
            .filter(row -> row.attr("data-report").equals(SampleSummary.HOSTILE_REPORT_ID)).findFirst().orElseThrow();

        assertThat(report.select("td").last().text()).isEqualTo("no: its e-mail failed DMARC");
        assertThat(section("mail.example.net").select("table.reports tbody td").last().text()).isEqualTo("unknown (read from a file)");
        assertThat(section("example.org").select("table.reports tbody tr").first().select("td").eachText())
            .containsExactly("google.com", "17418240.example.org", SampleSummary.FIRST_DAY.plusDays(9) + ", 24 h", "RFC 9990", "1", "230", "yes");
    }

    @Test
    void aStoreThatCannotBeReadIsSaidOnThePage() throws Exception {
        Document page = Jsoup.parse(chromium.dumpDom(dashboard.resolve("/down/"), 1280, 900));

        assertThat(page.body().attr("data-state")).isEqualTo("error");
        assertThat(page.select("#status").text())
            .isEqualTo("The summary could not be loaded: the report store is not available: connection refused <b>");
        assertThat(page.select("main b, section.domain")).isEmpty();
    }

    @Test
    void onAPhoneNothingScrollsSideways() throws Exception {
        Document probe = Jsoup.parse(chromium.dumpDom(dashboard.resolve("/phone.html"), 390, 844));
        String measured = probe.select("#result").text();

        assertThat(measured).as("the dashboard framed 390 px wide").startsWith("ready ");
        String[] figures = measured.split(" ");
        assertThat(Integer.parseInt(figures[1])).as("its width, %s", measured).isLessThanOrEqualTo(390);
        assertThat(Integer.parseInt(figures[2])).as("the number of bars drawn, %s", measured).isEqualTo(17);
    }

    @Test
    void screenshotsOfALaptopAndAPhoneAreKept() throws Exception {
        Path target = Path.of(System.getProperty("dashboard.screenshots", "target"));
        Files.createDirectories(target);
        for (int[] size : List.of(new int[] {1280, 900}, new int[] {390, 844}, new int[] {1280, 2600})) {
            Path file = target.resolve("dashboard-" + (size[0] < 500 ? "phone" : size[1] > 900 ? "laptop-long" : "laptop") + ".png");
            chromium.screenshot(dashboard, file, size[0], size[1]);

            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image.getWidth()).isEqualTo(size[0]);
            assertThat(image.getHeight()).isEqualTo(size[1]);
        }
    }

    /**
     * Frames the dashboard 390 px wide; writes "ready", the widest extent of its content, how many bars it drew, and
     * the elements that reach beyond 390 px.
     */
    private static final String PHONE_PROBE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">"
        + "<iframe id=\"frame\" src=\"" + MOUNT + "/\" style=\"width:390px;height:844px;border:0\"></iframe><pre id=\"result\">waiting</pre>"
        + "<script>\n"
        + "function measure() {\n"
        + "  var doc = document.getElementById('frame').contentDocument;\n"
        + "  if (!doc || !doc.body || doc.body.getAttribute('data-state') !== 'ready') { setTimeout(measure, 50); return; }\n"
        + "  var right = doc.documentElement.scrollWidth;\n"
        + "  doc.querySelectorAll('body *').forEach(function (e) { right = Math.max(right, Math.ceil(e.getBoundingClientRect().right)); });\n"
        + "  var wider = [];\n"
        + "  doc.querySelectorAll('body *').forEach(function (e) {\n"
        + "    var r = Math.ceil(e.getBoundingClientRect().right);\n"
        + "    if (r > 390) { wider.push(e.tagName.toLowerCase() + '.' + e.getAttribute('class') + ':' + r); }\n"
        + "  });\n"
        + "  document.getElementById('result').textContent = 'ready ' + right + ' ' + doc.querySelectorAll('g.day').length\n"
        + "    + ' ' + wider.slice(0, 10).join(' ');\n"
        + "}\n"
        + "measure();\n"
        + "</script></body></html>";
}
