package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenDKIM table file (KeyTable, SigningTable), read once and kept; when its time or size changed on disk it is
 * read again on its next use, as {@link KeyFiles} does for keys, so an edited table needs no restart. A changed
 * table that cannot be read (removed, or a line that is not valid) leaves the last good one in use: the mail goes
 * on being signed as before, and the error is logged once for that version of the file.
 *
 * @param <T> the parsed table
 */
final class TableFile<T> {

    /** Reads and parses a table file; {@link IOException} names the file and the line at fault. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(TableFile.class);

    private final Path file;
    private final Reader<T> reader;
    private final AtomicReference<Version<T>> current = new AtomicReference<>();
    /** The version whose failure was logged last, so that each broken version is logged once. */
    private final AtomicReference<Stamp> reportedFailure = new AtomicReference<>();

    private TableFile(Path file, Reader<T> reader) {
        this.file = file;
        this.reader = reader;
    }

    /** Reads {@code file} now: a table that cannot be read at start-up is an error, not something to live with. */
    static <T> TableFile<T> open(Path file, Reader<T> reader) throws IOException {
        TableFile<T> table = new TableFile<>(file, reader);
        Stamp stamp = Stamp.of(file);
        table.current.set(new Version<>(stamp, reader.read(file)));
        return table;
    }

    /** The table as the file says now, or as it last said when it cannot be read now. */
    T get() {
        Version<T> known = current.get();
        Stamp stamp;
        try {
            stamp = Stamp.of(file);
        } catch (IOException e) {
            reportOnce(new Stamp(null, -1), e instanceof java.nio.file.NoSuchFileException ? "it does not exist"
                : "it cannot be read: " + e.getMessage());
            return known.table;
        }
        if (stamp.equals(known.stamp)) {
            return known.table;
        }
        try {
            T table = reader.read(file);
            current.compareAndSet(known, new Version<>(stamp, table));
            LOGGER.info("mailauth: {} changed; read again", file);
            return table;
        } catch (IOException | RuntimeException e) {
            reportOnce(stamp, e.getMessage());
            return known.table;
        }
    }

    private void reportOnce(Stamp stamp, String problem) {
        Stamp before = reportedFailure.getAndSet(stamp);
        if (!stamp.equals(before)) {
            LOGGER.error("mailauth: {} changed but cannot be used: {}; mail is signed as the table said before until it is fixed",
                file, problem);
        }
    }

    private static final class Version<T> {
        private final Stamp stamp;
        private final T table;

        Version(Stamp stamp, T table) {
            this.stamp = stamp;
            this.table = table;
        }
    }

    /** What tells one version of a file from the next: its modification time and size. */
    private static final class Stamp {
        private final FileTime modified;
        private final long size;

        Stamp(FileTime modified, long size) {
            this.modified = modified;
            this.size = size;
        }

        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Stamp && Objects.equals(((Stamp) other).modified, modified) && ((Stamp) other).size == size;
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size);
        }
    }
}
