package org.mailauth.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The claim of one {@code mailauth run} on its {@code --data} folder: an operating-system lock on a file in it
 * ({@link FileChannel#tryLock()}), held while the run lives and released by the system when its process ends, however
 * it ends. The file also names the process holding it, for the message the next run prints.
 */
final class DataFolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code file}, or tells who holds it.
     *
     * @return the lock; empty when another process (or this one) holds it
     */
    static Optional<DataFolderLock> tryAcquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return Optional.of(new DataFolderLock(channel, lock));
    }

    /** The process id the holder wrote into {@code file}, when it can be read. */
    static Optional<Long> holder(Path file) {
        try {
            String text = java.nio.file.Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9]{1,19}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
