package org.mailauth.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The dashboard on the JDK's HTTP server ({@code mailauth report serve}, and the browser test): the
 * {@link DashboardHandler} at {@code /}, on {@value #THREADS} threads of its own with at most {@value #QUEUE} requests
 * waiting (beyond that the accepting thread answers the next one itself, and accepts no more meanwhile). With a
 * password, every request needs it (HTTP Basic, RFC 7617; any user name): plain HTTP carries it in clear, so beyond
 * loopback put TLS in front. {@link #close} stops accepting, lets running requests end (at most 2 s) and stops the
 * threads.
 */
public final class DashboardServer implements AutoCloseable {

    static final int THREADS = 4;
    static final int QUEUE = 64;
    static final String REALM = "mailauth DMARC dashboard";

    private static final Logger LOGGER = LoggerFactory.getLogger(DashboardServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private DashboardServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code address} (port 0: any free port) and serves {@code handler}; requires {@code password} when given. */
    public static DashboardServer start(DashboardHandler handler, InetSocketAddress address, Optional<String> password) throws IOException {
        Objects.requireNonNull(handler);
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
            task -> {
                Thread thread = new Thread(task, "mailauth-dashboard-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        Optional<byte[]> expected = password.map(text -> text.getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> serve(handler, expected, exchange));
        server.start();
        return new DashboardServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8025/}. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void serve(DashboardHandler handler, Optional<byte[]> password, HttpExchange exchange) throws IOException {
        try {
            DashboardResponse response;
            if (password.isPresent() && !authorized(exchange.getRequestHeaders().getFirst("Authorization"), password.get())) {
                response = DashboardResponse.text(401, DashboardHandler.TEXT,
                    Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"", "Cache-Control", "no-store"),
                    "The dashboard asks for the password given to 'mailauth report serve --password' (any user name).\n");
            } else {
                response = answer(handler, exchange);
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = response.body();
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private static DashboardResponse answer(DashboardHandler handler, HttpExchange exchange) {
        try {
            return handler.handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
        } catch (RuntimeException e) {
            LOGGER.error("mailauth: the DMARC dashboard failed to answer {}", exchange.getRequestURI(), e);
            return DashboardResponse.text(500, DashboardHandler.TEXT, Map.of("Cache-Control", "no-store"),
                "The dashboard failed to answer; its log says why.\n");
        }
    }

    /** RFC 7617 §2: {@code Basic base64(user ":" password)}, UTF-8 (§2.1); any user name, the password compared in constant time. */
    private static boolean authorized(String authorization, byte[] password) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] credentials;
        try {
            credentials = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = 0;
        while (colon < credentials.length && credentials[colon] != ':') {
            colon++;
        }
        if (colon == credentials.length) {
            return false;
        }
        return MessageDigest.isEqual(password, Arrays.copyOfRange(credentials, colon + 1, credentials.length));
    }
}
