package org.mailauth.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command writes the message it made: stdout, or the file of {@code --output}. */
final class MessageOutput {

    private MessageOutput() {
    }

    /** stdout when {@code output} is null (left open when the stream is closed), else the file, created or replaced. */
    static OutputStream open(Path output) {
        if (output == null) {
            return new NonClosing(System.out);
        }
        try {
            return Files.newOutputStream(output);
        } catch (IOException e) {
            throw FileProblem.of("--output", output, e);
        }
    }

    /** stdout stays open for whatever prints after the command. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
