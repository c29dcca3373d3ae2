package org.mailauth.cli;

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
 * dkimpy's ARC (Debian's python3-dkim, with python3-authres for sealing and python3-dnspython, installed by bin/test),
 * an independent implementation, driven through src/test/resources/arc/dkimpy-arc-tool.py with the system Python. It
 * looks keys up on the loopback DNS server of the test.
 */
final class DkimpyArc {

    private static final String PYTHON = "/usr/bin/python3";

    private DkimpyArc() {
    }

    /** Fails, once for a whole test class, when dkimpy's ARC cannot be imported, saying how to install it. */
    static void requireInstalled() {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import dkim, authres, dns.resolver").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("dkimpy's ARC is not installed for " + PYTHON + ": run bin/test (the README's test command),"
            + " or 'apt-get install python3-dkim python3-authres'");
    }

    /** dkimpy's new ARC Set for {@code message}, ARC-Seal first, each field ending with CRLF. */
    static String seal(String message, String domain, String selector, Path keyFile, String authservId, long timestamp) {
        return run(message, "seal", domain, selector, keyFile.toString(), authservId, Long.toString(timestamp));
    }

    /** The chain's status as dkimpy validates it ("pass", "fail", "none"), then its reason, on the DNS server at {@code port}. */
    static List<String> verify(String message, int port) {
        return List.of(run(message, "verify", "127.0.0.1", Integer.toString(port)).strip().split("\n"));
    }

    private static String run(String input, String... arguments) {
        try {
            Path script = Files.createTempFile("dkimpy-arc-tool", ".py");
            try (InputStream in = DkimpyArc.class.getResourceAsStream("/arc/dkimpy-arc-tool.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).start();
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
