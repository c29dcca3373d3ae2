package org.mailauth.james.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded report store is James's user's alone (issue 14): its folder 0700, its files 0600, whatever the umask and
 * however an earlier version left them; and it is a file, not a server.
 */
class EmbeddedReportDatabaseTest {

    @TempDir
    Path james;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aNewStoreIsCreatedPrivateAndStaysSoOnceH2HasWrittenIt() throws Exception {
        Path folder = james.resolve("var/mailauth");
        EmbeddedReportDatabase.prepare(folder);
        try (Connection connection = new ReportStoreConnections(EmbeddedReportDatabase.url(folder), "", "").open();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO t VALUES (1)");
        }

        assertThat(mode(folder)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void aStoreLeftOpenByAnEarlierVersionIsClosedAtTheNextStart() throws Exception {
        Path folder = Files.createDirectories(james.resolve("var/mailauth"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.writeString(folder.resolve("reports.mv.db"), "");
        Path lock = Files.writeString(folder.resolve("reports.lock.db"), "#FileLock\nid=secret\n");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedReportDatabase.prepare(folder);

        assertThat(mode(folder)).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
        assertThat(mode(lock)).isEqualTo("rw-------");
    }

    @Test
    void theUrlAsksForNoServer() {
        assertThat(EmbeddedReportDatabase.url(james)).startsWith("jdbc:h2:file:").doesNotContain("AUTO_SERVER").doesNotContain("DB_CLOSE_DELAY");
    }
}
