package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ArcVerifier;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dns.NetworkDns;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailauth arc ...}: Authenticated Received Chain tools (RFC 8617). */
@Command(name = "arc", mixinStandardHelpOptions = true, description = "ARC (RFC 8617) tools: validate a message's chain, or seal it.",
    subcommands = ArcSealCommand.class)
final class ArcCommand {

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    MailauthCommand root() {
        return root;
    }

    /** Validates the chains of raw messages (CRLF or LF line ends) from files or stdin, one result per message. */
    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Validate the Authenticated Received Chain of raw RFC 5322 messages (RFC 8617 §5.2; CRLF or LF line ends).",
        "Reads stdin when no file (or '-') is given. One result per message: pass, fail (with the reason) or none; the number "
            + "of ARC Sets; oldest-pass, the oldest instance whose ARC-Message-Signature still verifies (0: all do); and for each "
            + "set the i=, d=, s=, a= and cv= of its ARC-Seal and what became of its ARC-Message-Signature and ARC-Seal.",
        "Exit status 0 whatever the results, as for 'dkim verify'; 2 when a file cannot be read."})
    int verify(@Parameters(paramLabel = "FILE", arity = "0..*", description = "Message files; '-' for stdin.") List<String> files) {
        List<String> inputs = files == null || files.isEmpty() ? List.of("-") : files;
        for (String file : inputs) {
            if (!file.equals("-")) {
                FileProblem.readableFile(null, Path.of(file));
            }
        }
        Output output = root.output(spec.commandLine().getOut());
        try (NetworkDns dns = root.openDns()) {
            ArcVerifier verifier = root.authenticator(dns, "localhost", DmarcMode.RFC9989).arc();
            for (String file : inputs) {
                try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                    ArcVerification verification = verifier.verify(in).toCompletableFuture().join();
                    output.arcVerification(file, verification);
                } catch (IOException e) {
                    throw FileProblem.of(null, Path.of(file), e);
                }
            }
        }
        return MailauthCommand.EXIT_OK;
    }
}
