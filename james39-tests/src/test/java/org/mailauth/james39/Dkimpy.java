package org.mailauth.james39;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dkimpy (Debian's python3-dkim, installed by bin/test), an independent DKIM implementation, verifying what the pack
 * signed, through core's src/test/resources/dkim/dkimpy-tool.py with the system Python.
 */
final class Dkimpy {

    private static final String PYTHON = "/usr/bin/python3";

    private Dkimpy() {
    }

    /** "pass" or "fail" for each DKIM-Signature of {@code message}, one a line; {@code records} are the DNS ("name=record"). */
    static String verify(String message, String... records) {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        try {
            Path script = Files.createTempFile("dkimpy-tool", ".py");
            try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim/dkimpy-tool.py")) {
                Files.write(script, in.readAllBytes());
            }
            command.addAll(List.of(script.toString(), "verify"));
            command.addAll(List.of(records));
            Process process = new ProcessBuilder(command).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(message.getBytes(StandardCharsets.ISO_8859_1));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("dkimpy failed (is python3-dkim installed? bin/test installs it): " + errors);
            }
            Files.delete(script);
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
