package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.TestKeys;

/** Keys are read once, reread when the file changes, and refused when others can read them. */
class KeyFilesTest {

    @TempDir
    Path folder;

    private Path keyFile(String name, SigningKey key, String permissions) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, PrivateKeys.toPem(key));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        Path file = keyFile("k.private", TestKeys.rsa2048("s"), "rw-------");
        KeyFiles keys = new KeyFiles(false);

        assertThat(keys.load(file, "example.org", "s").algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        Files.writeString(file, PrivateKeys.toPem(TestKeys.ed25519("s")));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(keys.load(file, "example.org", "s").algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws Exception {
        Path file = keyFile("k.private", TestKeys.ed25519("s"), "rw-------");
        KeyFiles keys = new KeyFiles(false);

        assertThat(keys.load(file, "example.org", "s")).isSameAs(keys.load(file, "example.org", "s"));
    }

    @Test
    void aKeyOthersCanReadIsRefusedUnlessAllowed() throws Exception {
        Path file = keyFile("open.private", TestKeys.ed25519("s"), "rw-r--r--");

        assertThatThrownBy(() -> new KeyFiles(false).load(file, "example.org", "s"))
            .hasMessageContaining("can be read by others than its owner").hasMessageContaining("chmod 600");
        assertThat(new KeyFiles(true).load(file, "example.org", "s")).isNotNull();
    }

    @Test
    void aKeyMadeReadableByOthersAfterItWasLoadedIsRefusedFromThenOn() throws Exception {
        Path file = keyFile("k.private", TestKeys.ed25519("s"), "rw-------");
        KeyFiles keys = new KeyFiles(false);
        keys.load(file, "example.org", "s");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> keys.load(file, "example.org", "s")).hasMessageContaining("can be read by others");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> new KeyFiles(false).load(folder.resolve("gone.private"), "example.org", "s"))
            .hasMessageContaining("gone.private");
    }
}
