package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.keys.KeyFiles;
import org.mailauth.dkim.keys.KeyTable;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.SigningKeys;
import org.mailauth.dkim.keys.SigningTable;
import org.mailauth.dkim.keys.TableLocation;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningOptions;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.message.FromField;
import org.mailauth.message.HeaderSection;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailauth dkim sign}: signs a message as the DKIMSign mailet does (RFC 6376 §5, RFC 8463). */
@Command(name = "sign", mixinStandardHelpOptions = true, description = {
    "Sign a raw RFC 5322 message with DKIM and write it, signature fields on top, to stdout (or --output).",
    "One key (--domain, --selector, --key) or OpenDKIM's tables (--key-table, --signing-table), chosen by the From address."})
final class DkimSignCommand implements Callable<Integer> {

    @ParentCommand
    private DkimCommand dkim;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = "-", description = "The message; '-' (default) for stdin.")
    private String file;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "d= of the signature.")
    private String domain;

    @Option(names = "--selector", paramLabel = "SELECTOR", description = "s= of the signature.")
    private String selector;

    @Option(names = "--key", paramLabel = "FILE", description = "Private key: PEM (PKCS#1 or PKCS#8) or a base64 Ed25519 seed.")
    private Path key;

    @Option(names = "--algorithm", paramLabel = "rsa-sha256|ed25519-sha256",
        description = "Checked against the key, which decides (default: the key's).")
    private String algorithm;

    @Option(names = "--canon", paramLabel = "HEADER/BODY", defaultValue = "relaxed/relaxed",
        description = "Canonicalization, each simple or relaxed (default: ${DEFAULT-VALUE}).")
    private String canonicalization;

    @Option(names = "--headers", paramLabel = "NAME:NAME...", description = "Fields to sign (default: the RFC 6376 §5.4.1 set).")
    private String headers;

    @Option(names = "--key-table", paramLabel = "FILE",
        description = "OpenDKIM KeyTable (with --signing-table); a refile: or file: prefix is accepted, as in opendkim.conf.")
    private String keyTable;

    @Option(names = "--signing-table", paramLabel = "FILE",
        description = "OpenDKIM SigningTable (with --key-table); a refile: or file: prefix is accepted, as in opendkim.conf.")
    private String signingTable;

    @Option(names = "--multiple", description = "With the tables: sign with every matching entry, not only the first.")
    private boolean multiple;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the signed message here instead of stdout.")
    private Path output;

    @Override
    public Integer call() throws IOException {
        SigningSettings settings = settings();
        Optional<DkimAlgorithm> wanted = Optional.ofNullable(algorithm).map(text -> option("--algorithm", () -> SigningOptions.algorithm(text)));
        if (output != null) {
            FileProblem.writableFile("--output", output);
        }
        Path message = readableCopy();
        try {
            List<SigningKey> signingKeys = keys(message);
            if (signingKeys.isEmpty()) {
                spec.commandLine().getErr().println("mailauth: no SigningTable entry matches the From address; the message is not signed");
            }
            StringBuilder fields = new StringBuilder();
            for (SigningKey signingKey : signingKeys) {
                if (wanted.isPresent() && wanted.get() != signingKey.algorithm()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--algorithm " + algorithm + " but the key "
                        + signingKey + " is " + signingKey.algorithm().tagValue());
                }
                try (InputStream in = Files.newInputStream(message)) {
                    fields.append(new DkimSigner(signingKey, settings).sign(in)).append("\r\n");
                }
            }
            try (OutputStream out = MessageOutput.open(output);
                 InputStream in = Files.newInputStream(message)) {
                out.write(fields.toString().getBytes(StandardCharsets.US_ASCII));
                in.transferTo(out);
            }
        } finally {
            if (file.equals("-")) {
                Files.deleteIfExists(message);
            }
        }
        return MailauthCommand.EXIT_OK;
    }

    private SigningSettings settings() {
        SigningOptions options = new SigningOptions(dkim.root().clock());
        option("--canon", () -> options.canonicalization(canonicalization));
        if (headers != null) {
            option("--headers", () -> options.headers(headers));
        }
        return options.settings();
    }

    /** An option read by core's {@link SigningOptions}: one line naming it and what it should be. */
    private <T> T option(String name, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), name + " is " + e.getMessage());
        }
    }

    private List<SigningKey> keys(Path message) throws IOException {
        boolean tables = keyTable != null || signingTable != null;
        if (tables) {
            if (keyTable == null || signingTable == null || domain != null || selector != null || key != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--key-table and --signing-table go together, without --domain, --selector and --key");
            }
            Optional<String> author = authorAddress(message);
            if (author.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the message has no From address to look up in the SigningTable");
            }
            KeyTable keys = table("--key-table", keyTable, KeyTable::read);
            SigningTable signers = table("--signing-table", signingTable, SigningTable::read);
            try {
                return SigningKeys.tables(new KeyFiles(true), keys, signers, multiple).forAuthor(author.get());
            } catch (IOException e) {
                throw new FileProblem("--key-table " + keyTable, e.getMessage());
            }
        }
        if (domain == null || selector == null || key == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --domain, --selector and --key, or --key-table and --signing-table");
        }
        return List.of(PrivateKeyFile.read(key, domain, selector));
    }

    /** A table read as the DKIMSign mailet reads it: OpenDKIM's data set prefixes (refile:, file:) accepted. */
    private static <T> T table(String option, String location, TableReader<T> reader) {
        Path file = FileProblem.readableFile(option, Path.of(TableLocation.path(location)));
        try {
            return reader.read(location);
        } catch (IOException e) {
            throw FileProblem.of(option, file, e);
        }
    }

    @FunctionalInterface
    private interface TableReader<T> {
        T read(String location) throws IOException;
    }

    /** The message as a file, read twice (signatures, then output): stdin is copied to a temporary file. */
    private Path readableCopy() throws IOException {
        if (!file.equals("-")) {
            return FileProblem.readableFile(null, Path.of(file));
        }
        Path copy = Files.createTempFile("mailauth-sign", ".eml");
        Files.copy(System.in, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    /** The author address (RFC 5322 §3.6.2), read as core reads every header section. */
    static Optional<String> authorAddress(Path message) throws IOException {
        try (InputStream in = Files.newInputStream(message)) {
            return FromField.authorAddress(HeaderSection.read(in));
        }
    }
}
