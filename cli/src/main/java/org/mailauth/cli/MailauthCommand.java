package org.mailauth.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.DnsSettings;
import org.mailauth.dns.NetworkDns;
import org.mailauth.dns.ServerAddress;
import org.mailauth.inbound.AuthenticationSettings;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.results.AuthservId;
import org.mailauth.spf.SpfSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth}: the global options every command shares, and the list of commands. Exit status: 0 when
 * an evaluation ran, whatever its verdict; 2 for usage errors (a wrong command line, with the command's usage; a
 * file that cannot be used, in one line); 1 for internal errors.
 */
@Command(name = "mailauth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Email authentication checks and tools (SPF, DKIM, ARC, DMARC) from the mailauth pack for Apache James.",
    subcommands = {RunCommand.class, CheckCommand.class, SpfCommand.class, DkimCommand.class, ArcCommand.class, GenkeyCommand.class,
        TestkeyCommand.class, ReportCommand.class, KeptCommand.class, DnsCommand.class},
    usageHelpAutoWidth = true)
public final class MailauthCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_INTERNAL_ERROR = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dns", paramLabel = "HOST[:PORT]", scope = ScopeType.INHERIT,
        converter = ServerConverter.class,
        description = "Ask this DNS server instead of the system's resolvers (repeatable; port 53 by default).")
    private List<InetSocketAddress> dnsServers = new ArrayList<>();

    @Option(names = "--dns-timeout", paramLabel = "MILLIS", scope = ScopeType.INHERIT, defaultValue = "5000",
        description = "Timeout of one DNS query, in milliseconds (default: ${DEFAULT-VALUE}).")
    private long dnsTimeoutMillis;

    @Option(names = "--json", scope = ScopeType.INHERIT,
        description = "Machine-readable output: one JSON object per result, one per line.")
    private boolean json;

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", scope = ScopeType.INHERIT,
        description = "Evaluate as if the clock said this (signature times, report intervals).")
    private Long now;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log what happens to stderr.")
    private boolean verbose;

    /** The command line with mailauth's exit codes and error messages. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MailauthCommand());
        commandLine.setHelpFactory(new UsageHelp());
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            Throwable problem = unwrapped(error);
            if (problem instanceof FileSystemException && ((FileSystemException) problem).getFile() != null) {
                problem = FileProblem.of(null, Path.of(((FileSystemException) problem).getFile()), (FileSystemException) problem);
            }
            if (problem instanceof FileProblem) {
                cmd.getErr().println("mailauth: " + problem.getMessage());
                return EXIT_USAGE;
            }
            cmd.getErr().println("mailauth: internal error: " + (problem.getMessage() == null
                ? "no detail; --verbose shows where it happened" : problem.getMessage()));
            if (((MailauthCommand) cmd.getCommandSpec().root().userObject()).verbose) {
                error.printStackTrace(cmd.getErr());
            }
            return EXIT_INTERNAL_ERROR;
        });
        return commandLine;
    }

    /** The exception that says what happened, without the wrappers that only say where. */
    private static Throwable unwrapped(Throwable error) {
        Throwable problem = error;
        while ((problem instanceof UncheckedIOException || problem instanceof CompletionException
            || problem instanceof ExecutionException) && problem.getCause() != null) {
            problem = problem.getCause();
        }
        return problem;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mailauth: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    DnsSettings dnsSettings() {
        if (dnsTimeoutMillis <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--dns-timeout must be a positive number of milliseconds: " + dnsTimeoutMillis);
        }
        return DnsSettings.builder()
            .servers(dnsServers)
            .timeout(Duration.ofMillis(dnsTimeoutMillis))
            .build();
    }

    Clock clock() {
        return now == null ? Clock.systemUTC() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    }

    /** The DNS servers of the global options over the network, cached; close it when the command is done. */
    NetworkDns openDns() {
        return NetworkDns.open(dnsSettings(), clock());
    }

    /** The checks as the pack runs them in James: {@code receiver} names us (SPF's %{r}, the authserv-id). */
    MessageAuthenticator authenticator(DnsResolver dns, String receiver, DmarcMode mode) {
        return new MessageAuthenticator(dns, AuthenticationSettings.builder()
            .spf(SpfSettings.builder().receiver(receiver).clock(clock()).build())
            .dkim(DkimSettings.builder().clock(clock()).build())
            .dmarc(DmarcSettings.builder().mode(mode).build())
            .authservId(AuthservId.of(receiver))
            .build());
    }

    boolean json() {
        return json;
    }

    boolean verbose() {
        return verbose;
    }

    Output output(PrintWriter out) {
        return new Output(out, json);
    }

    /** Turns {@code HOST[:PORT]} into an address, or a usage error that says what is wrong. */
    static final class ServerConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return ServerAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
