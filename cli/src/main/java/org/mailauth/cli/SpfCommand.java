package org.mailauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dns.IpLiteral;
import org.mailauth.dns.NetworkDns;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfVerifier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth spf}: the SPF result (RFC 7208) of one client, or of many read as JSON lines with
 * {@code --batch}, evaluated concurrently and written in input order.
 */
@Command(name = "spf", mixinStandardHelpOptions = true,
    description = {"Check SPF (RFC 7208) for a client IP and a MAIL FROM (or HELO) identity.",
        "With --batch, read JSON lines {\"id\":..., \"ip\":..., \"mail_from\":..., \"helo\":...} from stdin and write one"
            + " JSON result per line, with the same id, in input order."})
final class SpfCommand implements Callable<Integer> {

    /** How many batch checks run at once. */
    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--ip", paramLabel = "IP", description = "The SMTP client's IP address.")
    private String ip;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", defaultValue = "",
        description = "The MAIL FROM address; empty or absent for the null sender (then postmaster@HELO is checked).")
    private String mailFrom;

    @Option(names = "--helo", paramLabel = "NAME", defaultValue = "", description = "The HELO/EHLO name.")
    private String helo;

    @Option(names = "--identity", paramLabel = "mailfrom|helo", defaultValue = "mailfrom",
        description = "Which identity to check (RFC 7208 §2.3, §2.4; default: ${DEFAULT-VALUE}).")
    private String identity;

    @Option(names = "--receiver", paramLabel = "NAME", defaultValue = "localhost",
        description = "This host's name, for %%{r} and Received-SPF (default: ${DEFAULT-VALUE}).")
    private String receiver;

    @Option(names = "--batch", description = "Read JSON lines from stdin; write one JSON result per line.")
    private boolean batch;

    @Override
    public Integer call() throws IOException {
        if (!identity.equals("mailfrom") && !identity.equals("helo")) {
            throw usage("--identity must be mailfrom or helo, not '" + identity + "'");
        }
        try (NetworkDns dns = root.openDns()) {
            SpfVerifier verifier = root.authenticator(dns, receiver, DmarcMode.RFC9989).spf();
            if (batch) {
                runBatch(verifier);
            } else {
                runOne(verifier);
            }
        }
        return MailauthCommand.EXIT_OK;
    }

    private void runOne(SpfVerifier verifier) {
        if (ip == null) {
            throw usage("--ip is required (or use --batch)");
        }
        InetAddress address = IpLiteral.parse(ip).orElseThrow(() -> usage("not an IP address: " + ip));
        if (helo.isEmpty() && (mailFrom.isEmpty() || identity.equals("helo"))) {
            throw usage("--helo is required for the null sender and for --identity helo");
        }
        SpfResult result = check(verifier, address, mailFrom, helo).join();
        root.output(spec.commandLine().getOut()).spfResult(result, receiver, mailFrom);
    }

    private void runBatch(SpfVerifier verifier) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            BatchPipeline.run(lines, spec.commandLine().getOut(), line -> batchLine(verifier, line));
        }
    }

    /** One input line's output line: the result, or an error that says what is wrong with the line. */
    private CompletableFuture<String> batchLine(SpfVerifier verifier, String line) {
        BatchRequest request = null;
        try {
            request = BatchRequest.parse(line);
            Object echoedId = request.id();
            InetAddress address = request.ip();
            String sender = request.text("mail_from");
            return check(verifier, address, sender, request.text("helo"))
                .thenApply(result -> new JsonObject().put("id", echoedId).putAll(Output.spfJson(result, receiver, sender)).toString());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(BatchRequest.error(request, e.getMessage()));
        }
    }

    private CompletableFuture<SpfResult> check(SpfVerifier verifier, InetAddress address, String sender, String heloName) {
        return (identity.equals("helo") ? verifier.checkHelo(address, heloName) : verifier.checkMailFrom(address, sender, heloName))
            .toCompletableFuture();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
