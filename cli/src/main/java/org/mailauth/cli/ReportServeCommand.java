package org.mailauth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.mailauth.dashboard.DashboardHandler;
import org.mailauth.dashboard.DashboardServer;
import org.mailauth.report.ReportStoreException;
import org.mailauth.report.jdbc.JdbcReportStore;
import org.mailauth.report.jdbc.WaitingConnections;
import org.mailauth.report.received.DmarcSummary;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReceivedReportStore;
import org.mailauth.report.received.Submission;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth report serve}: the DMARC dashboard of the received reports on the JDK's HTTP server, the page James's
 * WebAdmin route serves, until the process is stopped. Loopback only, unless {@code --bind} says otherwise and
 * {@code --password} guards it (as {@code mailauth run} asks a password beyond loopback).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
    "Serve the dashboard of the DMARC reports received (the page of James's WebAdmin route /mailauth/dmarc/) on HTTP,"
        + " until Ctrl-C.",
    "It listens on 127.0.0.1 unless --bind says otherwise; beyond loopback it asks every request for the --password"
        + " (HTTP Basic, any user name), which crosses the network in clear unless TLS is put in front."})
final class ReportServeCommand implements Callable<Integer> {

    /** How long to wait for a running James to close the embedded database between two of its writes. */
    private static final Duration EMBEDDED_DATABASE_WAIT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "mailauth-data",
        description = "The folder of 'mailauth run' (default: ./${DEFAULT-VALUE}); its store is DIR/james/var/mailauth/reports.")
    private Path data;

    @Option(names = "--database-url", paramLabel = "JDBC-URL", description = "Another store: a jdbc:h2: or jdbc:postgresql: URL.")
    private String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", defaultValue = "", description = "The user name for --database-url.")
    private String databaseUser;

    @Option(names = "--database-password", paramLabel = "PASSWORD", defaultValue = "",
        description = "The password for --database-url.")
    private String databasePassword;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "The address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs --password.")
    private String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8025",
        description = "The TCP port (default: ${DEFAULT-VALUE}; 0: any free port, printed).")
    private int port;

    @Option(names = "--password", paramLabel = "PW",
        description = "Ask every request for this password (HTTP Basic, any user name); needed beyond loopback.")
    private String password;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port is a TCP port from 0 to 65535, not " + port);
        }
        if (password != null && password.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--password is empty");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return usageError("--bind takes an address of this machine, not '" + bind + "'");
        }
        boolean beyondLoopback = !address.isLoopbackAddress();
        if (beyondLoopback && password == null) {
            return usageError("--bind " + bind + " listens beyond loopback: choose a password with --password"
                + " (the dashboard shows every report received)");
        }
        ReceivedReportStore store = receivedReportStore(connections());
        DashboardHandler handler = new DashboardHandler(store, ((MailauthCommand) spec.root().userObject()).clock());
        DashboardServer server;
        try {
            server = DashboardServer.start(handler, new InetSocketAddress(address, port), Optional.ofNullable(password));
        } catch (BindException e) {
            return usageError("port " + port + " on " + bind + " is in use or not ours; choose another with --port");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mailauth-serve-stop"));

        PrintWriter out = spec.commandLine().getOut();
        out.println("mailauth: the DMARC dashboard is at " + server.uri() + (password == null ? ""
            : " (any user name, the password given with --password)") + "; Ctrl-C stops it");
        if (beyondLoopback) {
            out.println("mailauth: plain HTTP: the password and the reports cross the network in clear;"
                + " put a TLS proxy in front, or use an SSH tunnel to a loopback --bind");
        }
        out.println("READY http=" + server.address().getPort());
        out.flush();
        stopped.await();
        return MailauthCommand.EXIT_OK;
    }

    /** The report store of --database-url, or of the 'mailauth run' folder --data (the file must exist). */
    private JdbcReportStore.Connections connections() {
        String url = databaseUrl;
        if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--database-url is a jdbc:h2: or jdbc:postgresql: URL, not '" + url + "'");
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
        JdbcReportStore.Connections connections = () -> DriverManager.getConnection(jdbcUrl, databaseUser, databasePassword);
        return jdbcUrl.startsWith("jdbc:h2:") ? new WaitingConnections(connections, EMBEDDED_DATABASE_WAIT) : connections;
    }

    /**
     * The store of received reports over these connections.
     * MERGE(issue 18): the JDBC store of received reports (report-jdbc, branch wt18-store) replaces this stand-in.
     */
    static ReceivedReportStore receivedReportStore(JdbcReportStore.Connections connections) {
        return new NotStoredYet();
    }

    /** A usage error on one line (no usage text after it): exit 2. */
    private int usageError(String message) {
        spec.commandLine().getErr().println("mailauth: " + message);
        spec.commandLine().getErr().flush();
        return MailauthCommand.EXIT_USAGE;
    }

    /** Stores nothing; every summary fails with a reason the dashboard shows. */
    private static final class NotStoredYet implements ReceivedReportStore {
        private static final String REASON = "this version of mailauth does not store received reports yet";

        @Override
        public Stored add(ReceivedReport report, Submission submission) throws ReportStoreException {
            throw new ReportStoreException(REASON, null);
        }

        @Override
        public void add(ReceivedFailureReport report, Submission submission) throws ReportStoreException {
            throw new ReportStoreException(REASON, null);
        }

        @Override
        public DmarcSummary summary(Optional<String> domain, Instant since, int topSources) throws ReportStoreException {
            throw new ReportStoreException(REASON, null);
        }

        @Override
        public int purge(Instant cutoff) {
            return 0;
        }
    }
}
