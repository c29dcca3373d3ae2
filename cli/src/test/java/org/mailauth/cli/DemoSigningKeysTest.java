package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.keys.KeyTable;
import org.mailauth.dkim.keys.SigningTable;

/**
 * The DKIM tables of {@code mailauth run} (issue 14): each start rewrites only its own block, for that start's domain,
 * so lines an admin added to conf/dkim/KeyTable and SigningTable survive a restart; a table without the block is the
 * admin's and is left alone.
 */
class DemoSigningKeysTest {

    @TempDir
    Path folder;

    private Path keys() {
        return folder.resolve("dkim-keys");
    }

    private Path tables() {
        return folder.resolve("conf/dkim");
    }

    @Test
    void theFirstStartWritesBothTablesWithTheBlockAlone() throws Exception {
        DemoSigningKeys made = DemoSigningKeys.prepare(keys(), tables(), "example.test");

        assertThat(made.inTables()).isTrue();
        assertThat(SigningTable.read(tables().resolve("SigningTable").toString()).keyNames("a@example.test", true))
            .containsExactly(DemoSigningKeys.RSA_SELECTOR, DemoSigningKeys.ED25519_SELECTOR);
        assertThat(Files.readString(tables().resolve("KeyTable"))).startsWith(DemoSigningKeys.BEGIN + "\n").endsWith(DemoSigningKeys.END + "\n");
    }

    @Test
    void linesAnAdminAddedAboveAndBelowTheBlockSurviveTheNextStart() throws Exception {
        DemoSigningKeys.prepare(keys(), tables(), "example.test");
        Path signingTable = tables().resolve("SigningTable");
        Path keyTable = tables().resolve("KeyTable");
        Files.writeString(signingTable, "*@example.test mine\n" + Files.readString(signingTable) + "*@other.example theirs\n");
        Files.writeString(keyTable, Files.readString(keyTable)
            + "mine example.test:sel2027:/etc/opendkim/keys/sel2027.private\ntheirs other.example:s1:/etc/opendkim/keys/s1.private\n");

        DemoSigningKeys.prepare(keys(), tables(), "example.test");

        SigningTable table = SigningTable.read(signingTable.toString());
        assertThat(table.keyNames("a@example.test", true)).containsExactly("mine", DemoSigningKeys.RSA_SELECTOR, DemoSigningKeys.ED25519_SELECTOR);
        assertThat(table.keyNames("a@other.example", true)).containsExactly("theirs");
        assertThat(KeyTable.read(keyTable.toString()).get("mine").orElseThrow().selector()).isEqualTo("sel2027");
    }

    @Test
    void anotherDomainReplacesTheBlockAndKeepsTheAdminsLines() throws Exception {
        DemoSigningKeys.prepare(keys(), tables(), "example.test");
        Path signingTable = tables().resolve("SigningTable");
        Files.writeString(signingTable, Files.readString(signingTable) + "*@other.example theirs\n");

        DemoSigningKeys.prepare(keys(), tables(), "second.test");

        SigningTable table = SigningTable.read(signingTable.toString());
        assertThat(table.keyNames("a@example.test", true)).isEmpty();
        assertThat(table.keyNames("a@second.test", true)).containsExactly(DemoSigningKeys.RSA_SELECTOR, DemoSigningKeys.ED25519_SELECTOR);
        assertThat(table.keyNames("a@other.example", true)).containsExactly("theirs");
    }

    @Test
    void aTableWhoseBlockWasRemovedIsLeftAsItIs() throws Exception {
        DemoSigningKeys.prepare(keys(), tables(), "example.test");
        Path signingTable = tables().resolve("SigningTable");
        Files.writeString(signingTable, "# mine now\n*@example.test mine\n");

        DemoSigningKeys again = DemoSigningKeys.prepare(keys(), tables(), "example.test");

        assertThat(again.inTables()).isFalse();
        assertThat(Files.readString(signingTable)).isEqualTo("# mine now\n*@example.test mine\n");
    }

    @Test
    void anUnchangedTableIsNotWrittenAgain() throws Exception {
        DemoSigningKeys.prepare(keys(), tables(), "example.test");
        Path keyTable = tables().resolve("KeyTable");
        Files.setLastModifiedTime(keyTable, java.nio.file.attribute.FileTime.fromMillis(0));

        DemoSigningKeys.prepare(keys(), tables(), "example.test");

        assertThat(Files.getLastModifiedTime(keyTable).toMillis()).isZero();
    }
}
