package org.mailauth.cli;

import java.net.InetAddress;

import org.mailauth.dns.IpLiteral;
import org.mailauth.inbound.SmtpFacts;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The SMTP session of one message as options ({@code --ip}, {@code --mail-from}, {@code --helo}): what {@code check}
 * and {@code arc seal} give the inbound checks (RFC 5321 §4.1.1.1, §4.1.1.2).
 */
final class SmtpOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--ip", paramLabel = "IP", description = "The SMTP client's IP address.")
    private String ip;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", defaultValue = "", description = "MAIL FROM; empty for the null sender.")
    private String mailFrom;

    @Option(names = "--helo", paramLabel = "NAME", defaultValue = "", description = "The HELO/EHLO name.")
    private String helo;

    /** @param ipMissing the usage error when no {@code --ip} was given */
    SmtpFacts facts(String ipMissing) {
        if (ip == null) {
            throw usage(ipMissing);
        }
        InetAddress address = IpLiteral.parse(ip).orElseThrow(() -> usage("--ip " + ip + ": not an IP address"));
        if (mailFrom.isEmpty() && helo.isEmpty()) {
            throw usage("--helo is required for the null sender");
        }
        return new SmtpFacts(address, helo, mailFrom);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
