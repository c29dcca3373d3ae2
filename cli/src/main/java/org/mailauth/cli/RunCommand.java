package org.mailauth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.mailauth.dns.ServerAddress;
import org.mailauth.options.DurationOption;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth run}: a real James 3.8.1 with the pack installed from {@code extensions-jars/} and the
 * project's sample mailet container, in the foreground, on embedded defaults. It prints
 * {@code READY smtp=PORT imap=PORT} once James accepts connections; Ctrl-C stops it.
 *
 * <p>Safe to expose: WebAdmin listens on 127.0.0.1 only and wants the token of this start; SMTP and IMAP offer
 * STARTTLS; SMTP refuses messages above a size limit; and listening beyond loopback needs a password of the
 * admin's choosing, and then takes SMTP AUTH and IMAP LOGIN only after STARTTLS.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start Apache James 3.8.1 with the mailauth pack installed, in the foreground.",
        "Mail to the user is delivered to its IMAP INBOX; Ctrl-C stops James."})
final class RunCommand implements Callable<Integer> {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final String DEFAULT_PASSWORD = "test";

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "mailauth-data",
        description = "James's working directory, keys and databases; reused by the next start (default: ./${DEFAULT-VALUE}).")
    private Path data;

    @Option(names = "--domain", paramLabel = "NAME", defaultValue = "example.test",
        description = "The mail domain James serves (default: ${DEFAULT-VALUE}).")
    private String domain;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "2525", description = "SMTP port (default: ${DEFAULT-VALUE}).")
    private int smtpPort;

    @Option(names = "--imap-port", paramLabel = "PORT", defaultValue = "1143", description = "IMAP port (default: ${DEFAULT-VALUE}).")
    private int imapPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = {"Address SMTP and IMAP listen on (default: ${DEFAULT-VALUE}).",
            "Any other than loopback needs --password, and takes AUTH and LOGIN only after STARTTLS."})
    private String bind;

    @Option(names = "--webadmin-port", paramLabel = "PORT",
        description = "Port of James's WebAdmin, on 127.0.0.1 only (default: a free port).")
    private Integer webAdminPort;

    @Option(names = "--max-message-size", paramLabel = "SIZE", defaultValue = "25M", converter = MessageSize.Converter.class,
        description = "Largest message SMTP accepts, with K or M, e.g. 512K (default: ${DEFAULT-VALUE}); larger ones get 552.")
    private MessageSize maxMessageSize;

    @Option(names = "--relay", paramLabel = "HOST:PORT", converter = MailauthCommand.ServerConverter.class,
        description = "Send outbound mail to this SMTP server instead of looking up MX records.")
    private InetSocketAddress relay;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "The mailbox to create (default: test@DOMAIN).")
    private String user;

    @Option(names = "--password", paramLabel = "PW", defaultValue = DEFAULT_PASSWORD,
        description = "The mailbox's password (default: ${DEFAULT-VALUE}, with a loopback --bind only).")
    private String password;

    @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "1d",
        description = "DMARC aggregate report interval: seconds, or a number with s, m, h or d, e.g. 60s (default: ${DEFAULT-VALUE}).")
    private String reportInterval;

    @Option(names = "--reports", paramLabel = "on|off", defaultValue = "on",
        description = "Send DMARC aggregate reports (default: ${DEFAULT-VALUE}).")
    private String reports;

    @Option(names = "--smtp-reject", paramLabel = "on|off", defaultValue = "on",
        description = {"Refuse at the end of DATA, with 550 5.7.1, mail whose DMARC policy says reject (default: ${DEFAULT-VALUE}).",
            "With off, such mail is accepted and kept in the dmarc-reject repository ('mailauth kept')."})
    private String smtpReject;

    @Option(names = "--node", paramLabel = "NAME",
        description = {"This node's name among several sharing --database-url: in the log and in the report database's claims"
            + " (default: the host name).", "Letters, digits, '.', '_' and '-'."})
    private String node;

    @Option(names = "--database-url", paramLabel = "JDBC-URL",
        description = {"The report database several nodes share: a jdbc:postgresql: (or jdbc:h2:) URL"
            + " (default: the embedded H2 store in --data).", "Each report goes out once, from the node that claims it."})
    private String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", description = "The user name for --database-url.")
    private String databaseUser;

    @Option(names = "--database-password", paramLabel = "PW", description = "The password for --database-url.")
    private String databasePassword;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!reports.equals("on") && !reports.equals("off")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reports is on or off, not '" + reports + "'");
        }
        if (!smtpReject.equals("on") && !smtpReject.equals("off")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--smtp-reject is on or off, not '" + smtpReject + "'");
        }
        try {
            DurationOption.parse(reportInterval);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report-interval is " + e.getMessage());
        }
        Optional<String> clusterProblem = clusterProblem();
        if (clusterProblem.isPresent()) {
            return usageError(clusterProblem.get());
        }
        ClusterSettings cluster = new ClusterSettings(Optional.ofNullable(node), Optional.ofNullable(databaseUrl),
            databaseUser == null ? "" : databaseUser, databasePassword == null ? "" : databasePassword);
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return usageError("--bind takes an address of this machine, not '" + bind + "'");
        }
        boolean beyondLoopback = !bindAddress.isLoopbackAddress();
        if (beyondLoopback && !spec.commandLine().getParseResult().hasMatchedOption("--password")) {
            return usageError("--bind " + bind + " listens beyond loopback: choose the mailbox password with --password"
                + " (the default '" + DEFAULT_PASSWORD + "' is for a loopback --bind only)");
        }
        String mailbox = user != null ? user : "test@" + domain;
        JamesDirectory directory = new JamesDirectory(data.resolve("james"));
        Optional<DataFolderLock> lock = directory.lock();
        if (lock.isEmpty()) {
            return usageError(directory.root().toAbsolutePath() + " is in use by another 'mailauth run'"
                + DataFolderLock.holder(directory.lockFile()).map(pid -> " (process " + pid + ")").orElse("")
                + ": stop it first, or give this one another --data");
        }
        try (DataFolderLock held = lock.get()) {
            return run(out, directory, mailbox, bindAddress, beyondLoopback, cluster);
        }
    }

    private int run(PrintWriter out, JamesDirectory directory, String mailbox, InetAddress bindAddress, boolean beyondLoopback,
                    ClusterSettings cluster) throws Exception {
        checkOptions(mailbox);
        Installation installation = Installation.locate();

        int adminPort = webAdminPort != null ? webAdminPort : freePort();
        JamesDirectory.Settings settings = new JamesDirectory.Settings(bind, smtpPort, imapPort, adminPort, domain,
            Optional.ofNullable(relay), root.dnsSettings().servers(), root.dnsSettings().timeout().toMillis(),
            reports.equals("on"), reportInterval.trim(), beyondLoopback, maxMessageSize, smtpReject.equals("on"),
            cluster);
        try {
            directory.prepare(settings, installation.sampleMailetContainer(), installation.packJar(), Instant.now());
        } catch (IllegalStateException e) {
            return usageError(e.getMessage());
        }

        out.println("mailauth: starting Apache James 3.8.1 with " + installation.packJar().getFileName() + " ...");
        out.flush();
        JamesProcess james = JamesProcess.start(directory, installation.jamesClasspath());
        Thread stopper = new Thread(() -> james.stop(Duration.ofSeconds(30)), "mailauth-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        InetAddress listenAddress = bindAddress.isAnyLocalAddress() ? InetAddress.getByName("127.0.0.1") : bindAddress;
        boolean listening = james.awaitListening(List.of(
            new InetSocketAddress(listenAddress, smtpPort),
            new InetSocketAddress(listenAddress, imapPort),
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), adminPort)), START_LIMIT);
        if (!listening) {
            james.stop(Duration.ofSeconds(10));
            spec.commandLine().getErr().println("mailauth: James did not start; see " + directory.log().toAbsolutePath());
            return MailauthCommand.EXIT_INTERNAL_ERROR;
        }
        WebAdmin webAdmin = new WebAdmin(adminPort, directory.webAdminToken());
        webAdmin.putUser(mailbox, password);

        printWelcome(out, directory, mailbox, beyondLoopback, webAdmin, cluster);
        out.println("READY smtp=" + smtpPort + " imap=" + imapPort);
        out.flush();

        int status = james.waitFor();
        return status == 0 || status == 143 || status == 130 ? MailauthCommand.EXIT_OK : MailauthCommand.EXIT_INTERNAL_ERROR;
    }

    /** What is wrong with the node name or the shared report database, if anything. */
    private Optional<String> clusterProblem() {
        if (node != null && !node.matches(ClusterSettings.NODE_NAME)) {
            return Optional.of("--node takes letters, digits, '.', '_' and '-' (at most 64), not '" + node + "'");
        }
        if (databaseUrl == null && (databaseUser != null || databasePassword != null)) {
            return Optional.of("--database-user and --database-password go with --database-url");
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:") && !databaseUrl.startsWith("jdbc:h2:")) {
            return Optional.of("--database-url is a jdbc:postgresql: or jdbc:h2: URL, not '" + databaseUrl + "'");
        }
        return Optional.empty();
    }

    /** A usage error on one line (no usage text after it): exit 2. */
    private int usageError(String message) {
        spec.commandLine().getErr().println("mailauth: " + message);
        spec.commandLine().getErr().flush();
        return MailauthCommand.EXIT_USAGE;
    }

    private void checkOptions(String mailbox) {
        if (!mailbox.endsWith("@" + domain)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--user must be an address of " + domain + ": " + mailbox);
        }
        if (webAdminPort != null && (webAdminPort < 1 || webAdminPort > 65535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a port: " + webAdminPort);
        }
        if (webAdminPort != null && !available("127.0.0.1", webAdminPort)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "port " + webAdminPort + " on 127.0.0.1 is in use; choose another with --webadmin-port");
        }
        for (int port : List.of(smtpPort, imapPort)) {
            if (port < 1 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a port: " + port);
            }
            if (!available(bind, port)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "port " + port + " on " + bind + " is in use; choose another with --smtp-port or --imap-port");
            }
        }
    }

    private static boolean available(String address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void printWelcome(PrintWriter out, JamesDirectory directory, String mailbox, boolean beyondLoopback, WebAdmin webAdmin,
                              ClusterSettings cluster) {
        boolean defaultPassword = !spec.commandLine().getParseResult().hasMatchedOption("--password");
        String afterTls = beyondLoopback ? " after STARTTLS" : "";
        out.println("mailauth: James is running with the mailauth pack.");
        out.println("  domain     " + domain + ", mailbox " + mailbox
            + (defaultPassword ? " (password '" + password + "')" : " (the password given with --password)"));
        out.println("  SMTP       " + bind + ":" + smtpPort + " (STARTTLS; AUTH PLAIN" + afterTls + " to relay out; anyone may send to "
            + domain + "; messages up to " + maxMessageSize + ")");
        out.println("  IMAP       " + bind + ":" + imapPort + " (STARTTLS; LOGIN" + afterTls + ")");
        out.println("  TLS        " + directory.tlsIdentity().certificate().toAbsolutePath() + " and its .key (self-signed"
            + " when made here; put your own in their place)");
        out.println("  WebAdmin   " + webAdmin.base() + " (127.0.0.1 only), with the header"
            + " 'Authorization: Bearer <the token in " + directory.webAdminTokenFile().toAbsolutePath() + ">', new at every start");
        out.println("  kept mail  what DMARC p=reject keeps: 'mailauth kept list --data " + data + "' (then show, release, delete);"
            + " in memory, lost when James stops");
        out.println("  outbound   " + (relay == null ? "MX lookup" : "relayed to " + ServerAddress.format(relay)));
        out.println("  config     " + directory.conf().toAbsolutePath()
            + " (mailetcontainer.xml, mailauth.properties; rewritten at every start)");
        out.println("  DKIM       " + directory.conf().resolve("dkim").toAbsolutePath() + "/KeyTable and SigningTable: edits apply to"
            + " the next mail; each start rewrites only the lines between the 'mailauth run' markers");
        out.println("  reports    " + cluster.databaseUrl().map(url -> "in " + url + ", shared with every node using it")
            .orElse("in the embedded store of " + data) + cluster.node().map(name -> " (this node: " + name + ")").orElse(""));
        out.println("  log        " + directory.log().toAbsolutePath());
        out.println("  publish    in DNS for " + domain + ", once it receives mail from the Internet:");
        out.println("             " + domain + ".  TXT  \"v=spf1 mx -all\"");
        out.println("             _dmarc." + domain + ".  TXT  \"v=DMARC1; p=none; rua=mailto:postmaster@" + domain + "\"");
        if (directory.signingKeys().inTables()) {
            out.println("             and the DKIM keys it signs outbound mail with (" + directory.root().resolve("dkim-keys").toAbsolutePath() + "):");
            for (String line : directory.signingKeys().zoneFileLines()) {
                out.print(line.replaceAll("(?m)^", "             "));
            }
        } else {
            out.println("             and the DKIM keys your KeyTable names (it has no 'mailauth run' block, so it is left as it is)");
        }
        out.println("  stop       Ctrl-C (James also stops when this command ends any other way)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** Where the built pieces are: this checkout (bin/mailauth passes it as {@code mailauth.home}). */
    static final class Installation {
        private final Path home;

        private Installation(Path home) {
            this.home = home;
        }

        static Installation locate() {
            String home = System.getProperty("mailauth.home");
            if (home == null) {
                throw new IllegalStateException("mailauth.home is not set; start 'mailauth run' with bin/mailauth");
            }
            return new Installation(Path.of(home));
        }

        Path sampleMailetContainer() {
            return existing(home.resolve("sample-mailetcontainer.xml"));
        }

        Path jamesClasspath() {
            return existing(home.resolve("runtime/target/james.classpath"));
        }

        Path packJar() throws IOException {
            Path target = home.resolve("pack/target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "mailauth-james-pack-*.jar")) {
                    for (Path jar : jars) {
                        return jar;
                    }
                }
            }
            throw new IllegalStateException("no pack jar in " + target + "; build it: mvn -B -pl cli -am package -DskipTests");
        }

        private static Path existing(Path path) {
            if (!Files.exists(path)) {
                throw new IllegalStateException(path + " is missing; build it: mvn -B -pl cli -am package -DskipTests");
            }
            return path;
        }
    }
}
