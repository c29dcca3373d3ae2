package org.mailauth.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dkimpy's ARC (RFC 8617), an implementation independent of ours, as Mailman 3 uses it: sealing a list's copy, and
 * validating what James sent. Sealing needs python3-authres besides python3-dkim (bin/test installs both).
 */
final class DkimpyArc {

    private static final String PYTHON = "/usr/bin/python3";

    private DkimpyArc() {
    }

    /**
     * The ARC Set (its three fields, each with its CRLF) dkimpy adds to {@code message}, whose Authentication-Results
     * field of {@code authservId} becomes the ARC-Authentication-Results; {@code signedFields} ("from:to:...") is the AMS h=.
     */
    static String seal(String message, String domain, String selector, KeyPair keys, String authservId, String signedFields)
        throws Exception {
        Path pem = Dkimpy.pemFile(keys);
        try {
            return run(message, List.of("seal", domain, selector, pem.toString(), authservId, signedFields));
        } finally {
            Files.delete(pem);
        }
    }

    /** dkimpy's chain validation status of {@code message} ("pass", "fail", "none"), a space and its reason; DNS: "name=record". */
    static String validate(String message, List<String> records) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("verify"));
        arguments.addAll(records);
        return run(message, arguments).trim();
    }

    private static String run(String input, List<String> arguments) throws Exception {
        Path script = Files.createTempFile("dkimpy-arc", ".py");
        try {
            try (InputStream in = DkimpyArc.class.getResourceAsStream("/arc/dkimpy-arc.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.ISO_8859_1));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("dkimpy failed (bin/test installs python3-dkim and python3-authres): " + errors);
            }
            return out;
        } finally {
            Files.delete(script);
        }
    }
}
