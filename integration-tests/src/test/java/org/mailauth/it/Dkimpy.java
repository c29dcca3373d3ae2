package org.mailauth.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** dkimpy (python3-dkim, installed by bin/test), an independent DKIM implementation, signing test messages. */
final class Dkimpy {

    private Dkimpy() {
    }

    /** The DKIM-Signature field (with its CRLF) dkimpy makes for {@code message}: relaxed/relaxed, rsa-sha256. */
    static String sign(String message, String domain, String selector, KeyPair keys) throws Exception {
        return sign(message, domain, selector, keys, "relaxed/relaxed");
    }

    /** The same with the given canonicalization ("header/body", RFC 6376 §3.4), rsa-sha256. */
    static String sign(String message, String domain, String selector, KeyPair keys, String canonicalization) throws Exception {
        return sign(message, domain, selector, keys, canonicalization, "from:to:subject:date:message-id");
    }

    /** The same, signing the fields named in {@code signedFields} ("date:from:...", the h= tag). */
    static String sign(String message, String domain, String selector, KeyPair keys, String canonicalization, String signedFields)
        throws Exception {
        Path pem = pemFile(keys);
        Path script = Files.createTempFile("dkimpy-tool", ".py");
        try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim/dkimpy-tool.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process process = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), "sign", domain, selector,
            pem.toString(), "rsa-sha256", canonicalization, signedFields)).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.US_ASCII));
        }
        String field = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("dkimpy failed (is python3-dkim installed? bin/test installs it): " + errors);
        }
        Files.delete(pem);
        Files.delete(script);
        return field;
    }

    /** dkimpy's verdict on each DKIM-Signature of {@code message}, "pass" or "fail", one a line; DNS: "name=record". */
    static String verify(String message, List<String> records) throws Exception {
        Path script = Files.createTempFile("dkimpy-tool", ".py");
        try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim/dkimpy-tool.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "verify"));
        command.addAll(records);
        Process process = new ProcessBuilder(command).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.ISO_8859_1));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("dkimpy failed: " + errors);
        }
        Files.delete(script);
        return out.trim();
    }

    /** The private key of {@code keys} in a temporary PKCS#1 PEM file, as dkimpy reads it; the caller deletes it. */
    static Path pemFile(KeyPair keys) throws Exception {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        Path pem = Files.createTempFile("dkim", ".pem");
        Files.writeString(pem, "-----BEGIN RSA PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n");
        return pem;
    }

    /** The key record of {@code keys} to publish. */
    static String record(KeyPair keys) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }
}
