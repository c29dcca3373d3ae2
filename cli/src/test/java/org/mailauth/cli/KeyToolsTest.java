package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * The key life cycle of docs/operations.md with the command line against a loopback DNS server:
 * {@code genkey}, publish the .txt line, {@code testkey}, {@code dkim sign}, {@code dkim verify}.
 */
class KeyToolsTest {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\nTo: b@example.com\r\nSubject: s\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n\r\nbody\r\n";
    private static final Pattern STRINGS = Pattern.compile("\"([^\"]*)\"");

    @TempDir
    Path directory;

    private LoopbackDnsServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** What a DNS admin does with the .txt file: publishes the joined strings at SELECTOR._domainkey.DOMAIN. */
    private String publish(String zoneLine, String selector, boolean dnssec) {
        StringBuilder record = new StringBuilder();
        Matcher strings = STRINGS.matcher(zoneLine);
        while (strings.find()) {
            record.append(strings.group(1));
        }
        server = LoopbackDnsServer.start(Zone.builder().authenticated(dnssec).longTxt(selector + "._domainkey.example.org", record.toString()).build());
        return record.toString();
    }

    private CommandRun genkey(String selector, String... options) {
        String[] args = new String[6 + options.length];
        System.arraycopy(new String[] {"genkey", "--domain", "example.org", "--selector", selector, "--dir=" + directory}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return CommandRun.of(args);
    }

    @Test
    void genkeyWritesAPrivateKeyOnlyItsOwnerCanReadAndTheZoneFileLine() throws Exception {
        CommandRun run = genkey("2026-11");

        assertThat(run.exitCode).isZero();
        Path key = directory.resolve("2026-11.private");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        String zoneLine = Files.readString(directory.resolve("2026-11.txt"));
        assertThat(zoneLine).startsWith("2026-11._domainkey\tIN\tTXT\t( \"v=DKIM1; k=rsa; p=");
        Matcher strings = STRINGS.matcher(zoneLine);
        while (strings.find()) {
            assertThat(strings.group(1).length()).as("a character-string holds 255 octets (RFC 1035 §3.3.14)").isLessThanOrEqualTo(255);
        }
        assertThat(run.out).contains(zoneLine);
    }

    @Test
    void genkeyNeverReplacesAKey() throws Exception {
        genkey("sel");
        String first = Files.readString(directory.resolve("sel.private"));

        CommandRun again = genkey("sel", "--type", "ed25519");

        assertThat(again.exitCode).isEqualTo(2);
        assertThat(again.err).contains("exists");
        assertThat(Files.readString(directory.resolve("sel.private"))).isEqualTo(first);
    }

    @Test
    void genkeyRefusesRsaKeysUnder1024Bits() {
        CommandRun run = genkey("small", "--bits", "512");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("RFC 8301");
    }

    @Test
    void aPublishedKeyTestsOkAndSaysWhetherDnssecAuthenticatedIt() throws Exception {
        genkey("ed", "--type", "ed25519");
        publish(Files.readString(directory.resolve("ed.txt")), "ed", true);

        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "testkey", "--domain", "example.org", "--selector", "ed",
            "--key", directory.resolve("ed.private").toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("record       ed._domainkey.example.org").contains("key secure")
            .contains("result       OK: the published key matches the private key");
    }

    @Test
    void testkeyFailsWhenThePublishedRecordIsAnotherKey() throws Exception {
        genkey("one");
        genkey("two");
        publish(Files.readString(directory.resolve("two.txt")).replace("two._domainkey", "one._domainkey"), "one", false);

        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "--json", "testkey", "--domain", "example.org",
            "--selector", "one", "--key", directory.resolve("one.private").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("\"usable\":false").contains("\"problem\":\"mismatch\"").contains("\"secure\":false")
            .contains("\"published_bits\":2048");
    }

    @Test
    void testkeyFailsWhenNothingIsPublishedOrTheKeyIsRevoked() throws Exception {
        genkey("sel");
        server = LoopbackDnsServer.start(Zone.builder().txt("revoked._domainkey.example.org", "v=DKIM1; k=rsa; p=").build());

        CommandRun missing = CommandRun.of("--dns", server.hostAndPort(), "testkey", "--domain", "example.org", "--selector", "sel",
            "--key", directory.resolve("sel.private").toString());
        CommandRun revoked = CommandRun.of("--dns", server.hostAndPort(), "testkey", "--domain", "example.org", "--selector", "revoked",
            "--key", directory.resolve("sel.private").toString());

        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.out).contains("key not secure").contains("FAIL (no record)");
        assertThat(revoked.exitCode).isEqualTo(1);
        assertThat(revoked.out).contains("FAIL (revoked)");
    }

    @Test
    void aMessageSignedWithTheNewKeyVerifies() throws Exception {
        genkey("sel");
        publish(Files.readString(directory.resolve("sel.txt")), "sel", false);
        Path message = directory.resolve("message.eml");
        Files.writeString(message, MESSAGE, StandardCharsets.ISO_8859_1);
        Path signed = directory.resolve("signed.eml");

        CommandRun sign = CommandRun.of("dkim", "sign", message.toString(), "--domain", "example.org", "--selector", "sel",
            "--key", directory.resolve("sel.private").toString(), "--canon", "simple/relaxed", "--output", signed.toString());
        CommandRun verify = CommandRun.of("--dns", server.hostAndPort(), "dkim", "verify", signed.toString());

        assertThat(sign.exitCode).as(sign.err).isZero();
        assertThat(Files.readString(signed, StandardCharsets.ISO_8859_1)).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=simple/relaxed;")
            .endsWith(MESSAGE);
        assertThat(verify.out).contains("DKIM pass");
    }

    @Test
    void aSigningOptionThatCannotBeReadIsOneLineNamingIt() throws Exception {
        Path message = directory.resolve("message.eml");
        Files.writeString(message, MESSAGE, StandardCharsets.ISO_8859_1);

        CommandRun canon = CommandRun.of("dkim", "sign", message.toString(), "--canon", "relaxed/nofws");
        CommandRun algorithm = CommandRun.of("dkim", "sign", message.toString(), "--algorithm", "rsa-sha1");

        assertThat(canon.exitCode).isEqualTo(2);
        assertThat(canon.err).startsWith("--canon is HEADER/BODY, each simple or relaxed, not 'relaxed/nofws'");
        assertThat(algorithm.exitCode).isEqualTo(2);
        assertThat(algorithm.err).startsWith("--algorithm is rsa-sha256 or ed25519-sha256 (rsa-sha1 is not allowed, RFC 8301 §3.1), "
            + "not 'rsa-sha1'");
    }

    @Test
    void theTablesChooseTheKeysByTheFromAddress() throws Exception {
        genkey("rsa");
        genkey("ed", "--type", "ed25519");
        Files.writeString(directory.resolve("KeyTable"), "rsa example.org:rsa:rsa.private\ned example.org:ed:ed.private\n");
        Files.writeString(directory.resolve("SigningTable"), "*@example.org rsa\n*@example.org ed\n");
        Path message = directory.resolve("message.eml");
        Files.writeString(message, MESSAGE, StandardCharsets.ISO_8859_1);
        Path signed = directory.resolve("signed.eml");

        CommandRun run = CommandRun.of("dkim", "sign", message.toString(), "--key-table", directory.resolve("KeyTable").toString(),
            "--signing-table", directory.resolve("SigningTable").toString(), "--multiple", "--output", signed.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        String text = Files.readString(signed, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("DKIM-Signature: v=1; a=rsa-sha256;").contains("\r\nDKIM-Signature: v=1; a=ed25519-sha256;");
    }

    @Test
    void theTablesAcceptOpenDkimsDataSetPrefixesAsTheMailetDoes() throws Exception {
        genkey("rsa");
        Files.writeString(directory.resolve("KeyTable"), "rsa example.org:rsa:rsa.private\n");
        Files.writeString(directory.resolve("SigningTable"), "*@example.org rsa\n");
        Path message = directory.resolve("message.eml");
        Files.writeString(message, MESSAGE, StandardCharsets.ISO_8859_1);

        for (String prefix : new String[] {"refile:", "file:"}) {
            Path signed = directory.resolve(prefix.replace(":", "") + ".eml");
            CommandRun run = CommandRun.of("dkim", "sign", message.toString(), "--key-table", prefix + directory.resolve("KeyTable"),
                "--signing-table", prefix + directory.resolve("SigningTable"), "--output", signed.toString());

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(Files.readString(signed, StandardCharsets.ISO_8859_1)).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
        }
    }

    @Test
    void theAuthorAddressIsTheAngleAddrOrTheBareAddress() throws Exception {
        Path angle = directory.resolve("angle.eml");
        Files.writeString(angle, "Subject: x\r\nFrom: \"Doe, Jane\" (work)\r\n <jane@example.org>\r\n\r\n");
        Path bare = directory.resolve("bare.eml");
        Files.writeString(bare, "from: jane@example.net (Jane)\r\n\r\n");

        assertThat(DkimSignCommand.authorAddress(angle)).hasValue("jane@example.org");
        assertThat(DkimSignCommand.authorAddress(bare)).hasValue("jane@example.net");
    }

    @Test
    void anAddressInsideTheQuotedDisplayNameIsNotTheAuthor() throws Exception {
        Path quoted = directory.resolve("quoted.eml");
        Files.writeString(quoted, "From: \"Jane <ceo@example.com>\" <jane@example.org>\r\n\r\n");

        assertThat(DkimSignCommand.authorAddress(quoted)).hasValue("jane@example.org");
    }
}
