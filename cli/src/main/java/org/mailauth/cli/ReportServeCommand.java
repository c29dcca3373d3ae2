package org.mailauth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.mailauth.dashboard.DashboardHandler;
import org.mailauth.dashboard.DashboardServer;
import org.mailauth.report.ReportStoreException;
import org.mailauth.report.jdbc.JdbcReceivedReportStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Spec
    private CommandSpec spec;

    @Mixin
    private ReportDatabaseOptions database;

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
        JdbcReceivedReportStore store = new JdbcReceivedReportStore(database.connections());
        try {
            store.migrate();
        } catch (ReportStoreException e) {
            spec.commandLine().getErr().println("mailauth: " + e.getMessage());
            return MailauthCommand.EXIT_INTERNAL_ERROR;
        }
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

    /** A usage error on one line (no usage text after it): exit 2. */
    private int usageError(String message) {
        spec.commandLine().getErr().println("mailauth: " + message);
        spec.commandLine().getErr().flush();
        return MailauthCommand.EXIT_USAGE;
    }
}
