package org.mailauth.dkim;

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
 * dkimpy (Debian's python3-dkim with python3-nacl, installed by bin/test), an independent DKIM implementation, driven through
 * src/test/resources/dkim/dkimpy-tool.py with the system Python.
 */
final class Dkimpy {

    private static final String PYTHON = "/usr/bin/python3";

    private Dkimpy() {
    }

    /** Fails, once for a whole test class, when dkimpy cannot be imported, saying how to install it. */
    static void requireInstalled() {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("dkimpy is not installed for " + PYTHON + ": run bin/test (the README's test command),"
            + " or 'apt-get install python3-dkim python3-nacl'");
    }

    /** dkimpy's DKIM-Signature field for {@code message} (ends with CRLF). */
    static String sign(String message, String domain, String selector, Path keyFile, String algorithm, String canonicalization) {
        return run(message, "sign", domain, selector, keyFile.toString(), algorithm, canonicalization);
    }

    /** "pass" or "fail", with {@code records} as the DNS ("name=record"). */
    static String verify(String message, String... records) {
        List<String> arguments = new ArrayList<>(List.of("verify"));
        arguments.addAll(List.of(records));
        return run(message, arguments.toArray(new String[0])).trim();
    }

    private static String run(String input, String... arguments) {
        try {
            Path script = Files.createTempFile("dkimpy-tool", ".py");
            try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim/dkimpy-tool.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.ISO_8859_1));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("dkimpy failed: " + err);
            }
            Files.delete(script);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
