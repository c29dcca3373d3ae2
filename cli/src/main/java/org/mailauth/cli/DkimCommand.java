package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dns.NetworkDns;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailauth dkim ...}: DKIM tools (RFC 6376, 8463, 8301). */
@Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM tools.", subcommands = DkimSignCommand.class)
final class DkimCommand {

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    MailauthCommand root() {
        return root;
    }

    /** Verifies raw messages (CRLF or LF line ends) from files or stdin, one result per message. */
    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Verify the DKIM signatures of raw RFC 5322 messages (CRLF or LF line ends).",
        "Reads stdin when no file (or '-') is given. One result per message."})
    int verify(@Parameters(paramLabel = "FILE", arity = "0..*", description = "Message files; '-' for stdin.") List<String> files) {
        List<String> inputs = files == null || files.isEmpty() ? List.of("-") : files;
        for (String file : inputs) {
            if (!file.equals("-")) {
                FileProblem.readableFile(null, Path.of(file));
            }
        }
        Output output = root.output(spec.commandLine().getOut());
        try (NetworkDns dns = root.openDns()) {
            DkimVerifier verifier = root.authenticator(dns, "localhost", DmarcMode.RFC9989).dkim();
            for (String file : inputs) {
                try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                    DkimVerification verification = verifier.verify(in).toCompletableFuture().join();
                    output.dkimVerification(file, verification);
                } catch (IOException e) {
                    throw FileProblem.of(null, Path.of(file), e);
                }
            }
        }
        return MailauthCommand.EXIT_OK;
    }
}
