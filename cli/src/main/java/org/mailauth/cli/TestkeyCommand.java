package org.mailauth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailauth.dkim.keys.KeyFiles;
import org.mailauth.dkim.keys.KeyGenerator;
import org.mailauth.dkim.keys.PublishedKeyCheck;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dns.DnsJavaResolver;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailauth testkey}: does the published key record match the private key, and can verifiers use it? */
@Command(name = "testkey", mixinStandardHelpOptions = true, description = {
    "Check the key record published at SELECTOR._domainkey.DOMAIN against the private key.",
    "Checked: the record is present and readable, not revoked, the same key, usable for email with sha256, long enough;"
        + " and whether the answer was DNSSEC-authenticated.",
    "Exit status 0 only when the published key matches and is usable, 1 otherwise."})
final class TestkeyCommand implements Callable<Integer> {

    static final int EXIT_NOT_USABLE = 1;

    @ParentCommand
    private MailauthCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The signing domain (d=).")
    private String domain;

    @Option(names = "--selector", required = true, paramLabel = "SELECTOR", description = "The selector (s=).")
    private String selector;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key file.")
    private Path keyFile;

    @Option(names = "--min-bits", paramLabel = "BITS", defaultValue = "1024",
        description = "Shortest RSA key accepted (default: ${DEFAULT-VALUE}, RFC 8301 §3.2).")
    private int minimumBits;

    @Override
    public Integer call() throws IOException {
        SigningKey key = PrivateKeyFile.read(keyFile, domain, selector);
        PublishedKeyCheck check;
        try (DnsJavaResolver dns = new DnsJavaResolver(root.dnsSettings())) {
            check = PublishedKeyCheck.run(dns, key, Math.max(minimumBits, KeyGenerator.MINIMUM_RSA_BITS)).toCompletableFuture().join();
        }
        boolean keyFileOpen = !KeyFiles.openPermissions(keyFile).isEmpty();
        if (root.json()) {
            JsonObject json = new JsonObject()
                .put("record", check.name())
                .put("usable", check.usable())
                .put("problem", check.problem().name().toLowerCase(java.util.Locale.ROOT))
                .put("detail", check.detail())
                .put("algorithm", key.algorithm().tagValue())
                .put("private_key_bits", key.bits())
                .put("secure", check.secure())
                .put("testing", check.testing())
                .put("key_file_private", !keyFileOpen);
            check.publishedBits().ifPresent(bits -> json.put("published_bits", bits));
            spec.commandLine().getOut().println(json);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.println("record       " + check.name());
            out.println("private key  " + keyFile + " (" + key.algorithm().tagValue() + ", " + key.bits() + " bits)"
                + (keyFileOpen ? "; warning: readable by others than its owner (chmod 600)" : ""));
            out.println("dnssec       " + (check.secure() ? "key secure" : "key not secure")
                + (check.secure() ? " (the answer was DNSSEC-authenticated)" : " (the answer was not DNSSEC-authenticated)"));
            check.publishedBits().ifPresent(bits -> out.println("published    " + bits + " bits" + (check.testing() ? ", t=y (testing)" : "")));
            out.println("result       " + (check.usable() ? "OK: the published key matches the private key"
                : "FAIL (" + check.problem().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): " + check.detail())
                + (check.usable() && !check.detail().isEmpty() ? "; note: " + check.detail() : ""));
            out.flush();
        }
        return check.usable() ? MailauthCommand.EXIT_OK : EXIT_NOT_USABLE;
    }
}
