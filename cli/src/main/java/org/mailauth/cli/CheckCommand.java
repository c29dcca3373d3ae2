package org.mailauth.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dmarc.AppliedOverride;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.IdentifierAlignment;
import org.mailauth.dmarc.Policy;
import org.mailauth.dns.NetworkDns;
import org.mailauth.inbound.Authentication;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.inbound.SmtpFacts;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailauth check}: SPF, DKIM and DMARC of a message together, and the Authentication-Results field. */
@Command(name = "check", mixinStandardHelpOptions = true, description = {
    "Check a raw message as the pack checks inbound mail: SPF, DKIM and DMARC, and the Authentication-Results field.",
    "SPF (RFC 7208) of the MAIL FROM identity, DKIM (RFC 6376) of every signature, DMARC (RFC 9989) of the From domain.",
    "--batch reads JSON lines {\"id\", \"file\", \"ip\", \"mail_from\", \"helo\"} and writes one JSON result per line."})
final class CheckCommand implements Callable<Integer> {

    /** One thread per core: with cached DNS a check is work for a core from its first byte to its JSON line. */
    private static final int BATCH_WORKERS = Runtime.getRuntime().availableProcessors();

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = "-", description = "The message; '-' (default) for stdin.")
    private String file;

    @Mixin
    private SmtpOptions smtp = new SmtpOptions();

    @Option(names = "--mode", paramLabel = "rfc9989|rfc7489", defaultValue = "rfc9989",
        description = "DMARC as RFC 9989 (DNS tree walk; default) or RFC 7489 (Public Suffix List, pct).")
    private String mode;

    @Option(names = "--receiver", paramLabel = "NAME", defaultValue = "localhost",
        description = "This receiver's name: the authserv-id and SPF's %%{r} (default: ${DEFAULT-VALUE}).")
    private String receiver;

    @Option(names = "--batch", description = "Read JSON lines from stdin; write one JSON result per line.")
    private boolean batch;

    @Override
    public Integer call() throws IOException {
        DmarcMode dmarcMode = mode(mode);
        try (NetworkDns dns = root.openDns()) {
            MessageAuthenticator check = root.authenticator(dns, receiver, dmarcMode);
            if (batch) {
                runBatch(check);
            } else {
                runOne(check);
            }
        }
        return MailauthCommand.EXIT_OK;
    }

    private DmarcMode mode(String text) {
        return DmarcMode.of(text).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
            "--mode is rfc9989 or rfc7489, not '" + text + "'"));
    }

    private void runOne(MessageAuthenticator check) throws IOException {
        SmtpFacts facts = smtp.facts("--ip is required (or use --batch)");
        byte[] message = MessageFile.read(file);
        Authentication outcome = authenticate(check, message, facts).join();
        PrintWriter out = spec.commandLine().getOut();
        if (root.json()) {
            out.println(json(outcome, facts.mailFrom()));
        } else {
            text(out, outcome);
        }
        out.flush();
    }

    /** Lines are checked on {@link #BATCH_WORKERS} threads of the command's own, at most {@link BatchPipeline#IN_FLIGHT} at once. */
    private void runBatch(MessageAuthenticator check) throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(BATCH_WORKERS, batchWorker());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            BatchPipeline.run(lines, spec.commandLine().getOut(), line -> batchLine(check, line), workers);
        } finally {
            workers.shutdown();
        }
    }

    private static ThreadFactory batchWorker() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "mailauth-check-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The inbound checks of a message in memory, as {@code check} and {@code arc seal} run them. */
    static CompletableFuture<Authentication> authenticate(MessageAuthenticator check, byte[] message, SmtpFacts facts) {
        try {
            return check.authenticate(facts, new ByteArrayInputStream(message)).toCompletableFuture();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a message in memory", e);
        }
    }

    private CompletableFuture<String> batchLine(MessageAuthenticator check, String line) {
        BatchRequest request = null;
        try {
            request = BatchRequest.parse(line);
            Object echoedId = request.id();
            InetAddress address = request.ip();
            String sender = request.text("mail_from");
            String heloName = request.text("helo");
            if (sender.isEmpty() && heloName.isEmpty()) {
                throw new IllegalArgumentException("\"helo\" is required for the null sender");
            }
            String messageFile = request.text("file");
            byte[] message;
            try {
                message = Files.readAllBytes(Path.of(messageFile));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read \"file\" " + FileProblem.of(null, Path.of(messageFile), e).getMessage());
            }
            return authenticate(check, message, new SmtpFacts(address, heloName, sender))
                .thenApply(outcome -> new JsonObject().put("id", echoedId).putAll(json(outcome, sender)).toString());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(BatchRequest.error(request, e.getMessage()));
        }
    }

    private JsonObject json(Authentication outcome, String envelopeFrom) {
        DmarcResult dmarc = outcome.dmarc();
        List<Object> reasons = new ArrayList<>();
        for (AppliedOverride override : dmarc.overrides()) {
            reasons.add(new JsonObject().put("type", override.reason().value()).put("comment", override.comment()));
        }
        JsonObject dmarcJson = new JsonObject()
            .put("result", dmarc.code().keyword())
            .put("author_domain", dmarc.authorDomain().orElse(null))
            .put("policy_domain", dmarc.policyDomain().orElse(null))
            .put("organizational_domain", dmarc.organizationalDomain().orElse(null))
            .put("policy", dmarc.policy().map(Policy::value).orElse(null))
            .put("disposition", dmarc.disposition().value())
            .put("spf_aligned", dmarc.spf().map(spf -> spf.aligned() == IdentifierAlignment.Aligned.YES).orElse(false))
            .put("dkim_aligned", dmarc.dkim().stream().anyMatch(dkim -> dkim.aligned() == IdentifierAlignment.Aligned.YES))
            .put("reasons", reasons)
            .put("problem", dmarc.problem().orElse(null));
        List<Object> signatures = new ArrayList<>();
        for (DkimSignatureResult signature : outcome.dkim().signatures()) {
            signatures.add(new JsonObject().put("d", signature.domain()).put("s", signature.selector()).put("a", signature.algorithm())
                .put("i", signature.identity().orElse(null)).put("result", signature.result().keyword())
                .put("reason", signature.reason().orElse(null))
                .put("key_bits", signature.keyBits().isPresent() ? signature.keyBits().getAsInt() : null)
                .put("testing", signature.testing()));
        }
        return new JsonObject()
            .put("spf", Output.spfJson(outcome.spf(), receiver, envelopeFrom))
            .put("dkim", new JsonObject().put("result", outcome.dkim().verdict().keyword()).put("signatures", signatures))
            .put("arc", new JsonObject().put("result", outcome.arc().status().keyword()).put("instances", outcome.arc().instances())
                .put("oldest_pass", outcome.arc().oldestPass().isPresent() ? outcome.arc().oldestPass().getAsInt() : null)
                .put("reason", outcome.arc().reason().orElse(null)))
            .put("dmarc", dmarcJson)
            .put("authentication_results", AuthenticationResultsField.NAME + ": " + outcome.field(AuthservId.of(receiver)).value().replace("\r\n\t", " "));
    }

    private void text(PrintWriter out, Authentication outcome) {
        DmarcResult dmarc = outcome.dmarc();
        out.println("SPF   " + outcome.spf().code().keyword() + " (" + outcome.spf().identity().keyword() + " " + outcome.spf().sender() + ")"
            + outcome.spf().problem().map(problem -> ": " + problem).orElse(""));
        out.println("DKIM  " + outcome.dkim().verdict().keyword() + " (" + outcome.dkim().signatures().size()
            + (outcome.dkim().signatures().size() == 1 ? " signature)" : " signatures)"));
        for (DkimSignatureResult signature : outcome.dkim().signatures()) {
            out.println("        " + signature.result().keyword() + " d=" + signature.domain() + " s=" + signature.selector()
                + " a=" + signature.algorithm() + signature.reason().map(reason -> " (" + reason + ")").orElse(""));
        }
        if (outcome.arc().instances() > 0) {
            out.println("ARC   " + outcome.arc().status().keyword() + " (" + outcome.arc().instances()
                + (outcome.arc().instances() == 1 ? " set" : " sets")
                + (outcome.arc().oldestPass().isPresent() ? ", oldest-pass " + outcome.arc().oldestPass().getAsInt() : "") + ")"
                + outcome.arc().reason().map(reason -> ": " + reason).orElse(""));
        }
        out.println("DMARC " + dmarc.code().keyword() + dmarc.authorDomain().map(domain -> " for " + domain).orElse("")
            + dmarc.policy().map(policy -> ", " + dmarc.policyTag().orElse("p") + "=" + policy.value()
                + dmarc.policyDomain().map(domain -> " (record at _dmarc." + domain + ")").orElse("")).orElse("")
            + ", disposition " + dmarc.disposition().value());
        dmarc.organizationalDomain().ifPresent(domain -> out.println("        organizational domain " + domain));
        for (IdentifierAlignment identifier : dmarc.identifiers()) {
            out.println("        " + identifier.method() + " " + identifier.result() + " " + identifier.domain() + ": aligned "
                + identifier.aligned().name().toLowerCase(java.util.Locale.ROOT));
        }
        dmarc.overrides().forEach(override -> out.println("        override " + override));
        dmarc.problem().ifPresent(problem -> out.println("        " + problem));
        out.println(AuthenticationResultsField.NAME + ": " + outcome.field(AuthservId.of(receiver)).value());
    }
}
