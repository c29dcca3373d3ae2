package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code bin/mailauth report serve} as an admin runs it: a separate JVM, reached over HTTP, stopped as Ctrl-C stops it. */
class ReportServeIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesTheDashboardOnLoopbackUntilStopped() throws Exception {
        try (Served served = Served.start("--database-url", "jdbc:h2:mem:serve-it", "--port", "0")) {
            String printed = served.awaitReady();
            URI uri = URI.create("http://127.0.0.1:" + served.port + "/");

            HttpResponse<String> page = get(uri, Optional.empty());
            HttpResponse<String> summary = get(uri.resolve("summary.json"), Optional.empty());

            assertThat(printed).contains("mailauth: the DMARC dashboard is at " + uri + "; Ctrl-C stops it");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("DMARC reports received");
            assertThat(summary.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(summary.body()).startsWith("{");

            assertThat(served.stop()).as("ended after SIGTERM").isTrue();
            assertThatThrownBy(() -> get(uri, Optional.empty())).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void beyondLoopbackEveryRequestNeedsThePassword() throws Exception {
        try (Served served = Served.start("--database-url", "jdbc:h2:mem:serve-it", "--port", "0", "--bind", "0.0.0.0",
            "--password", "correct horse")) {
            String printed = served.awaitReady();
            URI uri = URI.create("http://127.0.0.1:" + served.port + "/");

            assertThat(printed).contains("(any user name, the password given with --password)")
                .contains("plain HTTP: the password and the reports cross the network in clear");
            assertThat(get(uri, Optional.empty()).statusCode()).isEqualTo(401);
            assertThat(get(uri.resolve("summary.json"), Optional.of("admin:wrong")).statusCode()).isEqualTo(401);
            assertThat(get(uri, Optional.of("admin:correct horse")).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(URI uri, Optional<String> credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        credentials.ifPresent(value -> request.header("Authorization",
            "Basic " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A running {@code bin/mailauth report serve}, and the lines it printed. */
    private static final class Served implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        int port;

        private Served(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("<output closed: " + e.getMessage() + ">");
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Served start(String... options) throws IOException {
            List<String> command = new ArrayList<>(List.of(RunProcess.REPOSITORY.resolve("bin/mailauth").toString(), "report", "serve"));
            command.addAll(List.of(options));
            return new Served(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Every line up to the READY line, whose port it keeps. */
        String awaitReady() throws InterruptedException {
            StringBuilder output = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("READY http=")) {
                        port = Integer.parseInt(line.substring("READY http=".length()));
                        return output.toString();
                    }
                } else if (!process.isAlive()) {
                    throw new AssertionError("mailauth report serve ended with " + process.exitValue() + " before READY:\n" + output);
                }
            }
            throw new AssertionError("no READY line in time; output so far:\n" + output);
        }

        /** What Ctrl-C does: SIGTERM runs the shutdown hook, which closes the server. */
        boolean stop() throws InterruptedException {
            process.destroy();
            return process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
