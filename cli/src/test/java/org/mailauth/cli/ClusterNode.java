package org.mailauth.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a cluster of {@code mailauth run} processes on this host: its own data folder and ports, the shared
 * report database, and a name. It can be stopped as an operator would (SIGTERM), or killed (SIGKILL to James's
 * JVM, then to the launcher: nothing of James runs its shutdown hooks).
 */
final class ClusterNode implements AutoCloseable {

    final String name;
    final Path data;
    final int smtpPort;
    private final int imapPort;
    private final List<String> options;
    private RunProcess run;

    ClusterNode(String name, Path data, String... options) throws Exception {
        this.name = name;
        this.data = data;
        this.smtpPort = RunProcess.freePort();
        this.imapPort = RunProcess.freePort();
        this.options = List.of(options);
    }

    /** Starts it; call {@link #awaitReady} next. */
    ClusterNode start() throws Exception {
        List<String> all = new ArrayList<>(List.of("--node", name));
        all.addAll(options);
        run = new RunProcess(data, smtpPort, imapPort, all.toArray(new String[0]));
        return this;
    }

    void awaitReady() throws Exception {
        try {
            run.awaitReady(Duration.ofMinutes(3));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logTail(), e);
        }
    }

    /** SIGKILL to James's JVM and the launcher's: the mail queue in memory and the rows not yet written die with them. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = new ArrayList<>();
        run.process.toHandle().descendants().forEach(children::add);
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        run.process.destroyForcibly();
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        run.process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C: James stops through its shutdown hooks. */
    boolean stop() throws InterruptedException {
        return run.stop();
    }

    /** The reply to the end of DATA of one message from {@code from}, sent from {@code sourceIp} (a 127/8 address). */
    String send(String sourceIp, String from, String messageId) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceIp, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", smtpPort), 10_000);
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String reply = reply(in);
            for (String line : new String[] {"EHLO client.example.org", "MAIL FROM:<" + from + ">", "RCPT TO:<test@run.test>", "DATA",
                "From: " + from + "\r\nTo: test@run.test\r\nSubject: cluster\r\nMessage-ID: <" + messageId + ">\r\n\r\nHello.\r\n."}) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply = reply(in);
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply;
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** The end of James's log, for a failure's message. */
    String logTail() {
        Path log = data.resolve("james/logs/james.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return name + ": " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return name + ": no log (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (run != null) {
            run.process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            run.close();
        }
    }
}
