package org.mailauth.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Node.js {@code mailauth} package (4.8.6, pinned in interop/node/package-lock.json and installed there by
 * bin/test), a DKIM verifier written independently of ours and of dkimpy, driven through interop/node/verify.js.
 */
final class NodeMailauth {

    private static final Path FOLDER = Path.of("..", "interop", "node").toAbsolutePath().normalize();

    private NodeMailauth() {
    }

    /** Fails, once for a whole test class, when the package is not installed, saying how to install it. */
    static void requireInstalled() {
        if (!Files.isDirectory(FOLDER.resolve("node_modules").resolve("mailauth"))) {
            throw new IllegalStateException("the Node.js verifier is not installed: run bin/test (the README's test command),"
                + " or 'npm ci --prefix interop/node'");
        }
    }

    /** Its verdict per signature, in order, as "d/a=result" (e.g. "example.org/rsa-sha256=pass"). */
    static List<String> verify(String message, Map<String, String> records) {
        requireInstalled();
        String json = records.entrySet().stream()
            .map(record -> quote(record.getKey()) + ":" + quote(record.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
        try {
            Process process = new ProcessBuilder("node", "verify.js", json).directory(FOLDER.toFile()).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(message.getBytes(StandardCharsets.ISO_8859_1));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("node verify.js failed: " + err);
            }
            return results(out.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads [{"d":..,"a":..,"result":..,...},...] as "d/a=result" strings: the script writes nothing else. */
    private static List<String> results(String json) {
        return java.util.Arrays.stream(json.replaceAll("^\\[|\\]$", "").split("\\},\\{"))
            .filter(object -> !object.isBlank())
            .map(object -> field(object, "d") + "/" + field(object, "a") + "=" + field(object, "result"))
            .collect(Collectors.toList());
    }

    private static String field(String object, String name) {
        String marker = "\"" + name + "\":\"";
        int start = object.indexOf(marker);
        if (start < 0) {
            return "?";
        }
        start += marker.length();
        return object.substring(start, object.indexOf('"', start));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
