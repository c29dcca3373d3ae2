package org.mailauth.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.keys.SigningKey;

/** The private key of {@code --key}: read as core reads key files, or one line naming the file and the problem. */
final class PrivateKeyFile {

    private PrivateKeyFile() {
    }

    static SigningKey read(Path file, String domain, String selector) {
        try {
            return PrivateKeys.read(FileProblem.readableFile("--key", file), domain, selector);
        } catch (IOException e) {
            throw FileProblem.of("--key", file, e);
        }
    }
}
