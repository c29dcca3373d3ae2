package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file named on the command line that cannot be used is a usage error (exit 2) told in one line that names the
 * option, the file and the problem, in words: never an internal error, never a Java exception name.
 */
class FileProblemsTest {

    private static final String MESSAGE = "From: a@example.org\r\nTo: b@example.com\r\nSubject: s\r\n\r\nbody\r\n";

    @TempDir
    Path folder;

    private Path message;

    @BeforeEach
    void writeMessage() throws Exception {
        message = Files.writeString(folder.resolve("message.eml"), MESSAGE, StandardCharsets.ISO_8859_1);
    }

    private static void assertOneLine(CommandRun run, String expected) {
        assertThat(run.err).doesNotContain("Exception").isEqualTo("mailauth: " + expected + System.lineSeparator());
        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.out).isEmpty();
    }

    private CommandRun sign(String... options) {
        String[] args = new String[3 + options.length];
        args[0] = "dkim";
        args[1] = "sign";
        args[2] = message.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return CommandRun.of(args);
    }

    private Path key(String name) {
        CommandRun run = CommandRun.of("genkey", "--domain", "example.org", "--selector", name, "--type", "ed25519", "--dir", folder.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        return folder.resolve(name + ".private");
    }

    @Test
    void aMissingKeyFile() {
        Path missing = folder.resolve("missing.private");

        assertOneLine(sign("--domain", "example.org", "--selector", "s", "--key", missing.toString()), "--key " + missing + ": no such file");
    }

    @Test
    void aFolderGivenAsKey() {
        assertOneLine(sign("--domain", "example.org", "--selector", "s", "--key", folder.toString()),
            "--key " + folder + ": a folder, not a file");
    }

    @Test
    void aBinaryKeyFile() throws Exception {
        Path binary = Files.write(folder.resolve("key.der"), new byte[] {0x30, (byte) 0x82, 0x04, (byte) 0xa4, (byte) 0xff, 0x00});

        assertOneLine(sign("--domain", "example.org", "--selector", "s", "--key", binary.toString()),
            "--key " + binary + ": not a key file: a PEM key or a base64 Ed25519 seed is ASCII text, this file is not");
    }

    @Test
    void aTextFileThatIsNoKey() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.txt"), "remember the milk\n");

        assertOneLine(sign("--domain", "example.org", "--selector", "s", "--key", text.toString()),
            "--key " + text + ": not a PEM key nor a base64 Ed25519 seed");
    }

    @Test
    void aMissingKeyTable() throws Exception {
        Path signingTable = Files.writeString(folder.resolve("SigningTable"), "*@example.org k\n");
        Path missing = folder.resolve("KeyTable");

        assertOneLine(sign("--key-table", missing.toString(), "--signing-table", signingTable.toString()),
            "--key-table " + missing + ": no such file");
    }

    @Test
    void aKeyTableLineNamingAMissingKeyFile() throws Exception {
        Path keyTable = Files.writeString(folder.resolve("KeyTable"), "k example.org:s:gone.private\n");
        Path signingTable = Files.writeString(folder.resolve("SigningTable"), "*@example.org k\n");

        assertOneLine(sign("--key-table", keyTable.toString(), "--signing-table", signingTable.toString()),
            "--key-table " + keyTable + ": key 'k' (" + folder.resolve("gone.private") + ") cannot be used: the file does not exist");
    }

    @Test
    void anOutputIntoAMissingFolder() {
        Path key = key("s");
        Path output = folder.resolve("no-such-folder").resolve("signed.eml");

        assertOneLine(sign("--domain", "example.org", "--selector", "s", "--key", key.toString(), "--output", output.toString()),
            "--output " + output + ": the folder " + output.getParent() + " does not exist");
    }

    @Test
    void genkeyIntoAMissingFolder() {
        Path missing = folder.resolve("keys");

        assertOneLine(CommandRun.of("genkey", "--domain", "example.org", "--selector", "s", "--dir", missing.toString()),
            "--dir " + missing + ": no such folder");
    }

    @Test
    void genkeyOntoAnExistingSelector() {
        key("s");

        assertOneLine(CommandRun.of("genkey", "--domain", "example.org", "--selector", "s", "--dir", folder.toString()),
            folder.resolve("s.private") + ": exists; choose another selector or folder (keys are never replaced)");
    }

    @Test
    void testkeyWithABinaryKeyFile() throws Exception {
        Path binary = Files.write(folder.resolve("key.der"), new byte[] {(byte) 0xff, (byte) 0xfe});

        assertOneLine(CommandRun.of("testkey", "--domain", "example.org", "--selector", "s", "--key", binary.toString()),
            "--key " + binary + ": not a key file: a PEM key or a base64 Ed25519 seed is ASCII text, this file is not");
    }

    @Test
    void aMissingMessageToVerify() {
        Path missing = folder.resolve("missing.eml");

        assertOneLine(CommandRun.of("dkim", "verify", message.toString(), missing.toString()), missing + ": no such file");
    }

    private CommandRun arcSeal(Path messageFile, Path keyFile) {
        return CommandRun.of("arc", "seal", messageFile.toString(), "--domain", "example.org", "--selector", "s", "--key", keyFile.toString(),
            "--ip", "192.0.2.1", "--mail-from", "a@example.org");
    }

    @Test
    void aMissingKeyFileToSealWith() {
        Path missing = folder.resolve("missing.private");

        assertOneLine(arcSeal(message, missing), "--key " + missing + ": no such file");
    }

    @Test
    void aTextFileThatIsNoKeyToSealWith() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.txt"), "remember the milk\n");

        assertOneLine(arcSeal(message, text), "--key " + text + ": not a PEM key nor a base64 Ed25519 seed");
    }

    @Test
    void aMissingMessageToSeal() {
        Path missing = folder.resolve("missing.eml");

        assertOneLine(arcSeal(missing, key("s")), missing + ": no such file");
    }

    @Test
    void aFolderGivenAsMessageToSeal() {
        assertOneLine(arcSeal(folder, key("s")), folder + ": a folder, not a file");
    }

    @Test
    void aMissingMessageToValidate() {
        Path missing = folder.resolve("missing.eml");

        assertOneLine(CommandRun.of("arc", "verify", message.toString(), missing.toString()), missing + ": no such file");
    }

    @Test
    void aFolderGivenAsMessageToCheck() {
        assertOneLine(CommandRun.of("check", folder.toString(), "--ip", "192.0.2.1", "--mail-from", "a@example.org"),
            folder + ": a folder, not a file");
    }

    @Test
    void aReportPreviewOfAFolderWithoutStore() {
        assertOneLine(CommandRun.of("report", "preview", "--data", folder.toString()), "--data " + folder + ": no report store ("
            + folder.resolve("james/var/mailauth/reports") + ".mv.db); give the folder of a 'mailauth run', or --database-url");
    }
}
