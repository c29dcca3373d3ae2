package org.mailauth.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.keys.SigningKey;

/** Writes a private key as PEM, or another secret, into a new file readable by its owner only (mode 0600, created so, never widened). */
final class KeyFileWriter {

    private KeyFileWriter() {
    }

    /** Fails with {@link FileAlreadyExistsException} rather than replace a key. */
    static void write(Path file, SigningKey key) throws IOException {
        write(file, PrivateKeys.toPem(key));
    }

    /** Any secret text (a PEM key, a token), the same way. */
    static void write(Path file, String secret) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write(secret);
        }
    }
}
