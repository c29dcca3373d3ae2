package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.TestKeys;

/** The keys of one signing domain in a KeyTable (an ARC sealer's, RFC 8617 §5.1): RSA first, problems named. */
class DomainKeysTest {

    @TempDir
    Path folder;

    private final KeyFiles files = new KeyFiles(false);

    private void keyFile(String name, SigningKey key) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, PrivateKeys.toPem(key));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private Path keyTable(String text) throws Exception {
        return Files.writeString(folder.resolve("KeyTable"), text);
    }

    @Test
    void anRsaKeyOfTheDomainComesBeforeAnEd25519OneListedFirst() throws Exception {
        keyFile("ed.private", TestKeys.ed25519("ed"));
        keyFile("rsa.private", TestKeys.rsa2048("rsa"));
        Path table = keyTable("ed gateway.example:ed:ed.private\nrsa gateway.example:rsa:rsa.private\n");

        SigningKeys.Selection selection = DomainKeys.inKeyTable(files, table, "Gateway.Example", Optional.empty()).select();

        assertThat(selection.keys()).extracting(SigningKey::algorithm)
            .containsExactly(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
        assertThat(selection.keys()).extracting(SigningKey::domain).containsOnly("gateway.example");
        assertThat(selection.failures()).isEmpty();
    }

    @Test
    void linesOfOtherDomainsAndAuthorDomainLinesAreNotTheDomainsKeys() throws Exception {
        keyFile("rsa.private", TestKeys.rsa2048("rsa"));
        Path table = keyTable("other other.example:rsa:rsa.private\nany %:rsa:rsa.private\n");

        SigningKeys.Selection selection = DomainKeys.inKeyTable(files, table, "gateway.example", Optional.empty()).select();

        assertThat(selection.keys()).isEmpty();
        assertThat(selection.failures()).isEmpty();
    }

    @Test
    void aSelectorNarrowsTheChoice() throws Exception {
        keyFile("old.private", TestKeys.rsa2048("old"));
        keyFile("new.private", TestKeys.rsa2048("new"));
        Path table = keyTable("old gateway.example:old:old.private\nnew gateway.example:new:new.private\n");

        assertThat(DomainKeys.inKeyTable(files, table, "gateway.example", Optional.of("new")).select().keys())
            .extracting(SigningKey::selector).containsExactly("new");
    }

    @Test
    void aKeyThatCannotBeUsedIsNamedAndTheOthersRemain() throws Exception {
        keyFile("ed.private", TestKeys.ed25519("ed"));
        Path table = keyTable("rsa gateway.example:rsa:missing.private\ned gateway.example:ed:ed.private\n");

        SigningKeys.Selection selection = DomainKeys.inKeyTable(files, table, "gateway.example", Optional.empty()).select();

        assertThat(selection.keys()).extracting(SigningKey::selector).containsExactly("ed");
        assertThat(selection.failures()).singleElement().asString().contains("key 'rsa'").contains("missing.private")
            .contains("the file does not exist");
    }

    @Test
    void anEditedTableIsReadAgain() throws Exception {
        keyFile("rsa.private", TestKeys.rsa2048("rsa"));
        Path table = keyTable("# none yet\n");
        DomainKeys keys = DomainKeys.inKeyTable(files, table, "gateway.example", Optional.empty());
        assertThat(keys.select().keys()).isEmpty();

        keyTable("rsa gateway.example:rsa:rsa.private\n");
        Files.setLastModifiedTime(table, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(keys.select().keys()).extracting(SigningKey::selector).containsExactly("rsa");
    }

    @Test
    void oneKeyFileSignsForTheDomainGiven() throws Exception {
        keyFile("seal.private", TestKeys.rsa2048("x"));

        assertThat(DomainKeys.single(files, folder.resolve("seal.private"), "Gateway.Example", "seal").select().keys())
            .singleElement().satisfies(key -> assertThat(key.toString()).startsWith("d=gateway.example s=seal a=rsa-sha256"));
    }
}
