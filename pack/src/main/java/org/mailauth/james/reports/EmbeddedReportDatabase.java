package org.mailauth.james.reports;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The default report store: an embedded H2 database, {@code var/mailauth/reports.mv.db} under James's folder. James
 * opens it as a file and serves it to nobody: no H2 server, so no TCP listener (H2's {@code AUTO_SERVER} would open
 * one on every interface). H2 closes the file with its last connection, so James holds it only while it reads or
 * writes, and {@code mailauth report preview} can read it in between; each side waits for the other's turn
 * ({@link org.mailauth.report.jdbc.WaitingConnections}). The folder is James's user's alone (0700) and the files in it are
 * readable by that user only (0600), whatever James's umask, as its private keys are.
 */
public final class EmbeddedReportDatabase {

    /** The database's files inside the folder: reports.mv.db, and reports.*.db for H2's other files. */
    static final String NAME = "reports";

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private EmbeddedReportDatabase() {
    }

    /** The JDBC URL of the database in {@code folder}. */
    public static String url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve(NAME).toAbsolutePath() + ";TRACE_LEVEL_FILE=0";
    }

    /**
     * Makes {@code folder} private (0700), its existing files 0600, and the database file, when missing, an empty one
     * of mode 0600 (H2 takes an empty file as a new database) so that it never exists with the umask's mode.
     * Does nothing on a file system without POSIX permissions.
     */
    public static void prepare(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (!Files.getFileStore(folder).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(folder, FOLDER);
        try {
            Files.createFile(folder.resolve(NAME + ".mv.db"), PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // an existing database: its mode is set below
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        }
    }
}
