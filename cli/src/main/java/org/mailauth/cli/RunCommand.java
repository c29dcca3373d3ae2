package org.mailauth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.mailauth.dns.ServerAddress;

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
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start Apache James 3.8.1 with the mailauth pack installed, in the foreground.",
        "Mail to the user is delivered to its IMAP INBOX; Ctrl-C stops James."})
final class RunCommand implements Callable<Integer> {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);

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
        description = "Address SMTP and IMAP listen on (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(names = "--relay", paramLabel = "HOST:PORT", converter = MailauthCommand.ServerConverter.class,
        description = "Send outbound mail to this SMTP server instead of looking up MX records.")
    private InetSocketAddress relay;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "The mailbox to create (default: test@DOMAIN).")
    private String user;

    @Option(names = "--password", paramLabel = "PW", defaultValue = "test", description = "Its password (default: ${DEFAULT-VALUE}).")
    private String password;

    @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "1d",
        description = "DMARC aggregate report interval: seconds, or a number with s, m, h or d, e.g. 60s (default: ${DEFAULT-VALUE}).")
    private String reportInterval;

    @Option(names = "--reports", paramLabel = "on|off", defaultValue = "on",
        description = "Send DMARC aggregate reports (default: ${DEFAULT-VALUE}).")
    private String reports;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!reports.equals("on") && !reports.equals("off")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reports is on or off, not '" + reports + "'");
        }
        if (!reportInterval.trim().matches("[0-9]{1,9}[smhd]?")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report-interval is a number of seconds, or a number "
                + "with s, m, h or d, not '" + reportInterval + "'");
        }
        String mailbox = user != null ? user : "test@" + domain;
        checkOptions(mailbox);
        Installation installation = Installation.locate();

        JamesDirectory directory = new JamesDirectory(data.resolve("james"));
        int webAdminPort = freePort();
        JamesDirectory.Settings settings = new JamesDirectory.Settings(bind, smtpPort, imapPort, webAdminPort, domain,
            Optional.ofNullable(relay), root.dnsSettings().servers(), root.dnsSettings().timeout().toMillis(),
            reports.equals("on"), reportInterval.trim());
        directory.prepare(settings, installation.sampleMailetContainer(), installation.packJar());

        out.println("mailauth: starting Apache James 3.8.1 with " + installation.packJar().getFileName() + " ...");
        out.flush();
        JamesProcess james = JamesProcess.start(directory, installation.jamesClasspath());
        Thread stopper = new Thread(() -> james.stop(Duration.ofSeconds(30)), "mailauth-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        InetAddress listenAddress = InetAddress.getByName(bind.equals("0.0.0.0") ? "127.0.0.1" : bind);
        boolean listening = james.awaitListening(List.of(
            new InetSocketAddress(listenAddress, smtpPort),
            new InetSocketAddress(listenAddress, imapPort),
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), webAdminPort)), START_LIMIT);
        if (!listening) {
            james.stop(Duration.ofSeconds(10));
            spec.commandLine().getErr().println("mailauth: James did not start; see " + directory.log().toAbsolutePath());
            return MailauthCommand.EXIT_INTERNAL_ERROR;
        }
        new WebAdmin(webAdminPort).putUser(mailbox, password);

        printWelcome(out, directory, mailbox);
        out.println("READY smtp=" + smtpPort + " imap=" + imapPort);
        out.flush();

        int status = james.waitFor();
        return status == 0 || status == 143 || status == 130 ? MailauthCommand.EXIT_OK : MailauthCommand.EXIT_INTERNAL_ERROR;
    }

    private void checkOptions(String mailbox) {
        if (!mailbox.endsWith("@" + domain)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--user must be an address of " + domain + ": " + mailbox);
        }
        for (int port : List.of(smtpPort, imapPort)) {
            if (port < 1 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a port: " + port);
            }
            if (!available(port)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "port " + port + " on " + bind + " is in use; choose another with --smtp-port or --imap-port");
            }
        }
    }

    private boolean available(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(bind))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void printWelcome(PrintWriter out, JamesDirectory directory, String mailbox) {
        out.println("mailauth: James is running with the mailauth pack.");
        out.println("  domain     " + domain + ", mailbox " + mailbox + " (password '" + password + "')");
        out.println("  SMTP       " + bind + ":" + smtpPort + " (AUTH PLAIN to relay out; anyone may send to " + domain + ")");
        out.println("  IMAP       " + bind + ":" + imapPort);
        out.println("  outbound   " + (relay == null ? "MX lookup" : "relayed to " + ServerAddress.format(relay)));
        out.println("  config     " + directory.conf().toAbsolutePath()
            + " (mailetcontainer.xml, mailauth.properties; rewritten at every start)");
        out.println("  log        " + directory.log().toAbsolutePath());
        out.println("  publish    in DNS for " + domain + ", once it receives mail from the Internet:");
        out.println("             " + domain + ".  TXT  \"v=spf1 mx -all\"");
        out.println("             _dmarc." + domain + ".  TXT  \"v=DMARC1; p=none; rua=mailto:postmaster@" + domain + "\"");
        out.println("             and the DKIM keys it signs outbound mail with (" + directory.root().resolve("dkim-keys").toAbsolutePath() + "):");
        for (String line : directory.signingKeys().zoneFileLines()) {
            out.print(line.replaceAll("(?m)^", "             "));
        }
        out.println("  stop       Ctrl-C");
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
