package org.mailauth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A raw message named on the command line: a file, or stdin for {@code -}. */
final class MessageFile {

    private MessageFile() {
    }

    /** The whole message; a file that cannot be read is a {@link FileProblem}. */
    static byte[] read(String name) throws IOException {
        if (name.equals("-")) {
            return System.in.readAllBytes();
        }
        Path path = FileProblem.readableFile(null, Path.of(name));
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw FileProblem.of(null, path, e);
        }
    }
}
