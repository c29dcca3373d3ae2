package org.mailauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A running {@code bin/mailauth run} for the domain {@code run.test}, and the lines it printed. */
final class RunProcess implements AutoCloseable {

    static final Path REPOSITORY = Path.of(System.getProperty("mailauth.repository", ".."));

    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    RunProcess(Path data, int smtpPort, int imapPort, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("bin/mailauth").toString(), "run",
            "--data", data.toString(), "--smtp-port", Integer.toString(smtpPort),
            "--imap-port", Integer.toString(imapPort), "--domain", "run.test"));
        command.addAll(List.of(options));
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e + ">");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Every line up to and including the READY line. */
    String awaitReady(Duration limit) throws InterruptedException {
        StringBuilder output = new StringBuilder();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                output.append(line).append('\n');
                if (line.startsWith("READY ")) {
                    return output.toString();
                }
            } else if (!process.isAlive()) {
                throw new AssertionError("mailauth run ended with " + process.exitValue() + " before READY:\n" + output);
            }
        }
        throw new AssertionError("no READY line in time; output so far:\n" + output);
    }

    /** Everything it printed, once it ended by itself within {@code limit}. */
    String awaitEnd(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("mailauth run did not end in time; output so far:\n" + String.join("\n", lines));
        }
        reader.join(10_000);
        return String.join("\n", lines);
    }

    /** What Ctrl-C does to the JVM: SIGTERM/SIGINT run the shutdown hooks, which stop James. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
