package org.mailauth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

import org.mailauth.dkim.keys.KeyGenerator;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.ZoneFileRecord;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailauth genkey}: a new DKIM key pair, written as {@code opendkim-genkey} writes it. */
@Command(name = "genkey", mixinStandardHelpOptions = true, description = {
    "Make a DKIM signing key: DIR/SELECTOR.private (PEM, mode 0600) and DIR/SELECTOR.txt, the zone-file line to publish.",
    "As opendkim-genkey does, long records are split into 255-octet strings. An existing key is never replaced."})
final class GenkeyCommand implements Callable<Integer> {

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The signing domain (d=).")
    private String domain;

    @Option(names = "--selector", required = true, paramLabel = "SELECTOR", description = "The selector (s=), e.g. 2026-11.")
    private String selector;

    @Option(names = "--type", paramLabel = "rsa|ed25519", defaultValue = "rsa", description = "Key type (default: ${DEFAULT-VALUE}).")
    private String type;

    @Option(names = "--bits", paramLabel = "BITS", defaultValue = "2048",
        description = "RSA key size, 1024 to 8192 (default: ${DEFAULT-VALUE}; RFC 8301 §3.2 recommends at least 2048).")
    private int bits;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
        description = "The folder to write the files in, which must exist (default: the current folder).")
    private Path directory;

    @Override
    public Integer call() {
        if (!type.equals("rsa") && !type.equals("ed25519")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--type is rsa or ed25519: " + type);
        }
        if (!selector.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--selector must be DNS labels (RFC 6376 §3.1): " + selector);
        }
        FileProblem.existingFolder("--dir", directory);
        Path privateFile = directory.resolve(selector + ".private");
        Path recordFile = directory.resolve(selector + ".txt");
        for (Path file : List.of(privateFile, recordFile)) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileProblem(file.toString(), "exists; choose another selector or folder (keys are never replaced)");
            }
        }
        KeyGenerator generator = new KeyGenerator(new SecureRandom());
        SigningKey key;
        try {
            key = type.equals("rsa") ? generator.rsa(domain, selector, bits) : generator.ed25519(domain, selector);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bits: " + e.getMessage());
        }
        try {
            KeyFileWriter.write(privateFile, key);
        } catch (FileAlreadyExistsException e) {
            throw new FileProblem(privateFile.toString(), "exists; choose another selector or folder (keys are never replaced)");
        } catch (IOException e) {
            throw FileProblem.of("--dir", directory, e);
        }
        String zoneLine = ZoneFileRecord.of(key);
        try {
            Files.writeString(recordFile, zoneLine, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw FileProblem.of(null, recordFile, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (bits < 2048 && type.equals("rsa")) {
            err.println("mailauth: warning: " + bits + "-bit RSA keys are allowed but weak; RFC 8301 §3.2 recommends 2048");
        }
        out.println("private key  " + privateFile + " (" + key.algorithm().tagValue() + ", " + key.bits() + " bits, mode 0600)");
        out.println("DNS record   " + recordFile + ", to publish in the zone of " + domain + ":");
        out.print(zoneLine);
        out.flush();
        return MailauthCommand.EXIT_OK;
    }
}
