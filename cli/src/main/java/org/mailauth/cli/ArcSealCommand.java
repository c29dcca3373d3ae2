package org.mailauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ArcSealing;
import org.mailauth.arc.SealingSettings;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dns.NetworkDns;
import org.mailauth.inbound.Authentication;
import org.mailauth.inbound.SmtpFacts;
import org.mailauth.results.AuthservId;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth arc seal}: what an ADMD that forwards a message does (RFC 8617 §5.1): it checks the message as it
 * arrived, as {@code check} does, and adds an ARC Set with those results and the chain's status.
 */
@Command(name = "seal", mixinStandardHelpOptions = true, description = {
    "Seal a raw RFC 5322 message with a new ARC Set (RFC 8617 §5.1) and write it, the set on top, to stdout (or --output).",
    "The message is first checked as 'mailauth check' checks it (SPF, DKIM, ARC and DMARC, with --ip, --mail-from and --helo): "
        + "those results become the ARC-Authentication-Results, the status of the chain as it arrived the cv= of the ARC-Seal.",
    "A message whose latest ARC-Seal already says cv=fail, or that has 50 ARC Sets, gets no new set: it is written unchanged "
        + "and stderr says why.",
    "Exit status 0 when the message was written, sealed or not; 2 when an option, the key or the message cannot be used."})
final class ArcSealCommand implements Callable<Integer> {

    /** Labels of letters, digits, hyphens (and the underscores some selectors have), dot-separated (RFC 6376 §3.1, §3.5). */
    private static final Pattern NAME =
        Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*");

    @ParentCommand
    private ArcCommand arc;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = "-", description = "The message; '-' (default) for stdin.")
    private String file;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "d= of the ARC-Message-Signature and ARC-Seal.")
    private String domain;

    @Option(names = "--selector", required = true, paramLabel = "SELECTOR", description = "s= of the ARC-Message-Signature and ARC-Seal.")
    private String selector;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key: PEM (PKCS#1 or PKCS#8) or a base64 Ed25519 seed.")
    private Path key;

    @Mixin
    private SmtpOptions smtp = new SmtpOptions();

    @Option(names = "--authserv-id", paramLabel = "ID", defaultValue = "localhost",
        description = "The authserv-id of the ARC-Authentication-Results and SPF's %%{r} (default: ${DEFAULT-VALUE}, as for check).")
    private String authservId;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the sealed message here instead of stdout.")
    private Path output;

    @Override
    public Integer call() throws IOException {
        name("--domain", domain, "a domain name (RFC 6376 §3.5)");
        name("--selector", selector, "a selector (RFC 6376 §3.1)");
        AuthservId id = authservId();
        SmtpFacts facts = smtp.facts("--ip is required");
        if (output != null) {
            FileProblem.writableFile("--output", output);
        }
        SigningKey signingKey = PrivateKeyFile.read(key, domain, selector);
        byte[] message = MessageFile.read(file);
        MailauthCommand root = arc.root();
        ArcSealing sealing;
        try (NetworkDns dns = root.openDns()) {
            Authentication arrival = CheckCommand.authenticate(root.authenticator(dns, id.value(), DmarcMode.RFC9989), message, facts).join();
            sealing = new ArcSealer(signingKey, SealingSettings.defaults().withClock(root.clock()))
                .seal(new ByteArrayInputStream(message), arrival.arc().status(), arrival.arcAuthenticationResults(id));
        }
        sealing.notSealedReason().ifPresent(reason -> {
            spec.commandLine().getErr().println("mailauth: not sealed: " + reason + "; the message is written unchanged");
            spec.commandLine().getErr().flush();
        });
        String lineEnd = lineEnd(message);
        StringBuilder fields = new StringBuilder();
        for (String field : sealing.fields()) {
            fields.append(field.replace("\r\n", lineEnd)).append(lineEnd);
        }
        try (OutputStream out = MessageOutput.open(output)) {
            // The seal signed the fields' characters as ISO-8859-1 octets, as the verifier reads them (RFC 8617 §5.1.1).
            out.write(fields.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(message);
        }
        return MailauthCommand.EXIT_OK;
    }

    private void name(String option, String value, String what) {
        if (value.length() > 253 || !NAME.matcher(value).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " '" + value + "': not " + what
                + ", which is labels of letters, digits and hyphens separated by dots");
        }
    }

    private AuthservId authservId() {
        try {
            return AuthservId.of(authservId);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--authserv-id: " + e.getMessage());
        }
    }

    /** The message's own line end, which the new fields take: LF when its first line ends with a bare LF, else CRLF. */
    private static String lineEnd(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n') {
                return i > 0 && message[i - 1] == '\r' ? "\r\n" : "\n";
            }
        }
        return "\r\n";
    }
}
