package org.mailauth.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * James 3.8.1 (memory flavour) in a child JVM, on the class path Maven resolved for the runtime module, in
 * the given working directory. Its console shows James's warnings; its log file has the rest.
 */
final class JamesProcess {

    private static final String MAIN_CLASS = "org.apache.james.MemoryJamesServerMain";

    private final Process process;

    private JamesProcess(Process process) {
        this.process = process;
    }

    static JamesProcess start(JamesDirectory directory, Path classpathFile) throws IOException {
        String classpath = Files.readString(classpathFile).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dworking.directory=" + directory.root().toAbsolutePath());
        command.add("-Dlogback.configurationFile=" + directory.conf().resolve("logback.xml").toAbsolutePath());
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        Process process = new ProcessBuilder(command)
            .directory(directory.root().toFile())
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        return new JamesProcess(process);
    }

    /** Waits until every address accepts connections; false if James died or the time ran out first. */
    boolean awaitListening(List<InetSocketAddress> addresses, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (InetSocketAddress address : addresses) {
            while (!accepts(address)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(200);
            }
        }
        return true;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Asks James to stop (SIGTERM runs its shutdown hooks), then insists. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
