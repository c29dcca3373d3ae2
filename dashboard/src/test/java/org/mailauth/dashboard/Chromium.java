package org.mailauth.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian package {@code chromium}; bin/test installs it), run once per page: the DOM after the page's
 * script ran, or a screenshot. Each run has a profile of its own and no network but what the page asks: no sync, no
 * component updates, no QUIC, no first-run fetches. {@code --virtual-time-budget} lets the page's fetch and rendering
 * finish before Chromium reads it.
 */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome-stable", "google-chrome");
    private static final long LIMIT_SECONDS = 120;

    private final Path executable;
    private final Path workDirectory;
    private int runs;

    private Chromium(Path executable, Path workDirectory) {
        this.executable = executable;
        this.workDirectory = workDirectory;
    }

    /** The Chromium on the PATH; an error that says how to install it when there is none. */
    static Chromium onPath(Path workDirectory) {
        return find().map(executable -> new Chromium(executable, workDirectory)).orElseThrow(() -> new AssertionError(
            "the dashboard is tested in headless Chromium, and none of " + NAMES + " is on the PATH: install it"
                + " (Debian: apt-get install chromium; bin/test does)"));
    }

    private static Optional<Path> find() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM of {@code page} once its script ran, serialised, in a window of this size. */
    String dumpDom(URI page, int width, int height) throws IOException, InterruptedException {
        return new String(run(List.of("--window-size=" + width + "," + height, "--dump-dom", page.toString())), StandardCharsets.UTF_8);
    }

    /** A PNG of what a window of this size shows of {@code page}. */
    void screenshot(URI page, Path file, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + file.toAbsolutePath(), page.toString()));
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("Chromium wrote no screenshot " + file);
        }
    }

    private byte[] run(List<String> arguments) throws IOException, InterruptedException {
        int run = ++runs;
        Path profile = Files.createDirectories(workDirectory.resolve("profile-" + run));
        Path log = workDirectory.resolve("chromium-" + run + ".log");
        Path out = workDirectory.resolve("chromium-" + run + ".out");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", "--force-device-scale-factor=1", "--lang=en-US",
            "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(workDirectory.toFile())
            .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Chromium did not finish in " + LIMIT_SECONDS + " s: " + command + "\n" + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("Chromium ended with " + process.exitValue() + ": " + command + "\n" + Files.readString(log));
        }
        return Files.readAllBytes(out);
    }
}
