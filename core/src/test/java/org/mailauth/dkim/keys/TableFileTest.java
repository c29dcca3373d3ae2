package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OpenDKIM table is read once, read again when it changed on disk, and a broken edit keeps the last good table. */
class TableFileTest {

    @TempDir
    Path folder;

    private final AtomicInteger reads = new AtomicInteger();

    private SigningTable read(Path file) throws IOException {
        reads.incrementAndGet();
        return SigningTable.read(file.toString());
    }

    private Path table(String text, Instant modified) throws IOException {
        Path file = folder.resolve("SigningTable");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void anUnchangedTableIsNotReadAgain() throws Exception {
        TableFile<SigningTable> table = TableFile.open(table("*@example.com rsa\n", Instant.now()), this::read);

        assertThat(table.get()).isSameAs(table.get());
        assertThat(reads).hasValue(1);
    }

    @Test
    void aTableWithANewTimeIsReadAgainEvenAtTheSameSize() throws Exception {
        Instant start = Instant.now();
        Path file = table("*@example.com rsa\n", start);
        TableFile<SigningTable> table = TableFile.open(file, this::read);

        table("*@example.com ed1\n", start.plusSeconds(1));

        assertThat(table.get().keyNames("a@example.com", false)).containsExactly("ed1");
    }

    @Test
    void aTableOfANewSizeIsReadAgainEvenWithTheSameTime() throws Exception {
        Instant start = Instant.now();
        Path file = table("*@example.com rsa\n", start);
        TableFile<SigningTable> table = TableFile.open(file, this::read);

        table("*@example.com rsa\n*@example.com ed\n", start);

        assertThat(table.get().keyNames("a@example.com", true)).containsExactly("rsa", "ed");
    }

    @Test
    void aBrokenEditLeavesTheLastGoodTableUntilItIsFixed() throws Exception {
        Instant start = Instant.now();
        Path file = table("*@example.com rsa\n", start);
        TableFile<SigningTable> table = TableFile.open(file, this::read);

        table("*@example.com rsa extra-field\n", start.plusSeconds(1));
        assertThat(table.get().keyNames("a@example.com", false)).containsExactly("rsa");

        table("*@example.com ed\n", start.plusSeconds(2));
        assertThat(table.get().keyNames("a@example.com", false)).containsExactly("ed");
    }

    @Test
    void aRemovedTableLeavesTheLastGoodOne() throws Exception {
        Path file = table("*@example.com rsa\n", Instant.now());
        TableFile<SigningTable> table = TableFile.open(file, this::read);

        Files.delete(file);

        assertThat(table.get().keyNames("a@example.com", false)).containsExactly("rsa");
    }

    @Test
    void aTableThatCannotBeReadAtStartUpIsAnError() {
        assertThatThrownBy(() -> TableFile.open(folder.resolve("missing"), this::read)).isInstanceOf(NoSuchFileException.class);
    }
}
