package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** {@code mailauth dkim verify} against a loopback DNS server. */
class DkimCommandTest {

    private static final String MESSAGE = "From: a@example.org\r\nTo: b@example.com\r\nSubject: s\r\n\r\nbody\r\n";
    private static LoopbackDnsServer server;
    private static String signed;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SigningKey key = SigningKey.rsa("example.org", "sel", generator.generateKeyPair().getPrivate());
        signed = new DkimSigner(key, SigningSettings.defaults())
            .sign(new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII))) + "\r\n" + MESSAGE;
        server = LoopbackDnsServer.start(Zone.builder().longTxt("sel._domainkey.example.org", key.publicKeyRecord()).build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private Path file(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    @Test
    void eachFileGivesOneJsonLine() throws Exception {
        Path good = file("good.eml", signed);
        Path lf = file("lf.eml", signed.replace("\r\n", "\n"));
        Path bad = file("bad.eml", signed.replace("body", "BODY"));
        Path unsigned = file("unsigned.eml", MESSAGE);

        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "--json", "dkim", "verify",
            good.toString(), lf.toString(), bad.toString(), unsigned.toString());

        String[] lines = run.out.split(System.lineSeparator());
        assertThat(run.exitCode).isZero();
        assertThat(lines[0]).isEqualTo("{\"file\":\"" + good + "\",\"result\":\"pass\",\"signatures\":[{\"d\":\"example.org\","
            + "\"s\":\"sel\",\"a\":\"rsa-sha256\",\"i\":null,\"result\":\"pass\",\"reason\":null,\"key_bits\":2048,\"testing\":false}]}");
        assertThat(lines[1]).contains("\"result\":\"pass\"");
        assertThat(lines[2]).contains("\"result\":\"fail\"").contains("body hash did not verify");
        assertThat(lines[3]).isEqualTo("{\"file\":\"" + unsigned + "\",\"result\":\"none\",\"signatures\":[]}");
    }

    @Test
    void standardInputIsReadWhenNoFileIsGiven() {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(signed.getBytes(StandardCharsets.ISO_8859_1)));
        try {
            CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "dkim", "verify");
            assertThat(run.out).startsWith("-: DKIM pass (1 signature)").contains("pass d=example.org s=sel a=rsa-sha256 key=2048 bits");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void aMissingFileIsAUsageError() {
        CommandRun run = CommandRun.of("--dns", server.hostAndPort(), "dkim", "verify", "/no/such.eml");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).isEqualTo("mailauth: /no/such.eml: no such file" + System.lineSeparator());
    }
}
