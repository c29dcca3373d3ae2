package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One holder of a --data folder at a time; the lock file names it. (Two processes: RunCommandLifecycleIT.) */
class DataFolderLockTest {

    @TempDir
    Path folder;

    @Test
    void aHeldLockIsNotGivenTwiceAndNamesItsHolder() throws Exception {
        Path file = folder.resolve("run.lock");
        try (DataFolderLock held = DataFolderLock.tryAcquire(file).orElseThrow()) {
            assertThat(DataFolderLock.tryAcquire(file)).isEmpty();
            assertThat(DataFolderLock.holder(file)).contains(ProcessHandle.current().pid());
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgain() throws Exception {
        Path file = folder.resolve("run.lock");
        DataFolderLock.tryAcquire(file).orElseThrow().close();

        Optional<DataFolderLock> again = DataFolderLock.tryAcquire(file);

        assertThat(again).isPresent();
        again.get().close();
    }
}
