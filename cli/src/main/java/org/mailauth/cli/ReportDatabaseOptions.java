package org.mailauth.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;

import org.mailauth.report.jdbc.JdbcReportStore;
import org.mailauth.report.jdbc.WaitingConnections;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which report store a {@code mailauth report} command opens: the embedded H2 store of a 'mailauth run' folder
 * ({@code --data}), or another database ({@code --database-url}, H2 or PostgreSQL).
 */
final class ReportDatabaseOptions {

    /** How long to wait for a running James to close the embedded database between two of its writes. */
    private static final Duration EMBEDDED_DATABASE_WAIT = Duration.ofSeconds(10);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "mailauth-data",
        description = "The folder of 'mailauth run' (default: ./${DEFAULT-VALUE}); its store is DIR/james/var/mailauth/reports.")
    private Path data;

    @Option(names = "--database-url", paramLabel = "JDBC-URL", description = "Another store: a jdbc:h2: or jdbc:postgresql: URL.")
    private String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", defaultValue = "", description = "The user name for --database-url.")
    private String user;

    @Option(names = "--database-password", paramLabel = "PASSWORD", defaultValue = "", description = "The password for --database-url.")
    private String password;

    /**
     * Connections to the store; the store of {@code --data} must exist (James creates it at its first start).
     *
     * @throws CommandLine.ParameterException for a URL of another database
     * @throws FileProblem for a {@code --data} folder without store
     */
    JdbcReportStore.Connections connections() {
        String url = databaseUrl;
        if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(command.commandLine(),
                "--database-url is a jdbc:h2: or jdbc:postgresql: URL, not '" + url + "'");
        }
        if (url == null) {
            Path store = data.resolve("james").resolve("var").resolve("mailauth").resolve("reports");
            if (!Files.exists(store.resolveSibling("reports.mv.db"))) {
                throw new FileProblem("--data " + data, "no report store (" + store + ".mv.db); "
                    + "give the folder of a 'mailauth run', or --database-url");
            }
            url = "jdbc:h2:file:" + store.toAbsolutePath() + ";IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
        }
        String jdbcUrl = url;
        JdbcReportStore.Connections connections = () -> DriverManager.getConnection(jdbcUrl, user, password);
        return jdbcUrl.startsWith("jdbc:h2:") ? new WaitingConnections(connections, EMBEDDED_DATABASE_WAIT) : connections;
    }
}
