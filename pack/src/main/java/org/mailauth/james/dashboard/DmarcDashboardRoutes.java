package org.mailauth.james.dashboard;

import java.time.Clock;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.mailauth.dashboard.DashboardHandler;
import org.mailauth.dashboard.DashboardResponse;
import org.mailauth.report.received.ReceivedReportStore;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The DMARC dashboard in James's WebAdmin: {@code /mailauth/dmarc/} is the page, {@code /mailauth/dmarc/summary.json} its
 * data, both answered by the {@link DashboardHandler} over the pack's store of received reports. Registered in
 * {@code conf/webadmin.properties} with {@code extensions.routes=org.mailauth.james.dashboard.DmarcDashboardRoutes};
 * James builds it with the extension injector, so the pack's module must be registered too. It is a private route:
 * WebAdmin's authentication (its JWT filter, when enabled) guards it as every other.
 */
public final class DmarcDashboardRoutes implements Routes {

    public static final String BASE_PATH = "/mailauth/dmarc";

    private final DashboardHandler handler;

    @Inject
    public DmarcDashboardRoutes(ReceivedReportStore store, Clock clock) {
        this.handler = new DashboardHandler(store, clock);
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    /** The page fetches summary.json relative to its own address, so the dashboard's address ends with a slash. */
    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            response.redirect(BASE_PATH + "/", 301);
            return "";
        });
        service.get(BASE_PATH + "/", (request, response) -> answer(request, response, "/"));
        service.get(BASE_PATH + "/summary.json", (request, response) -> answer(request, response, "/summary.json"));
    }

    private byte[] answer(Request request, Response response, String path) {
        DashboardResponse answer = handler.handle(request.requestMethod(), path, request.queryString());
        response.status(answer.status());
        response.type(answer.contentType());
        answer.headers().forEach(response::header);
        return answer.body();
    }
}
