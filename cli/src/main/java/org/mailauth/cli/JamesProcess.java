package org.mailauth.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * James 3.8.1 (memory flavour) in a child JVM, on the class path Maven resolved for the runtime module, in
 * the given working directory. Its console shows James's warnings; its log file has the rest. The child's main
 * is {@link JamesMain}, which ends it when this process ends: this process keeps the child's standard input open
 * and never writes to it.
 */
final class JamesProcess {

    private static final String MAIN_CLASS = "org.apache.james.MemoryJamesServerMain";

    private final Process process;

    private JamesProcess(Process process) {
        this.process = process;
    }

    static JamesProcess start(JamesDirectory directory, Path classpathFile) throws IOException {
        String classpath = installMain(directory.root().resolve("run-classes")) + File.pathSeparator
            + Files.readString(classpathFile).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dworking.directory=" + directory.root().toAbsolutePath());
        command.add("-Dlogback.configurationFile=" + directory.conf().resolve("logback.xml").toAbsolutePath());
        command.add("-cp");
        command.add(classpath);
        command.add(JamesMain.class.getName());
        command.add(MAIN_CLASS);
        Process process = new ProcessBuilder(command)
            .directory(directory.root().toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        return new JamesProcess(process);
    }

    /** Copies {@link JamesMain}'s class file under {@code folder}, the class path entry it is run from. */
    private static Path installMain(Path folder) throws IOException {
        String name = JamesMain.class.getName().replace('.', '/') + ".class";
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = JamesMain.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the mailauth jar lacks " + name);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return folder.toAbsolutePath();
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
