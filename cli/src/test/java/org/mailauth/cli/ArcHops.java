package org.mailauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;

import org.mailauth.dkim.keys.KeyGenerator;
import org.mailauth.dkim.keys.PrivateKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * The way of a message through two ARC sealers: a shop signs it with DKIM and sends it from {@link #SHOP_IP}, a
 * forwarder seals it with {@code mailauth arc seal}, a mailing list (receiving it from {@link #FORWARDER_IP}) seals it
 * again. Their keys (RSA, as RFC 8617 requires), their DNS on a loopback server, and each hop as a command line.
 */
final class ArcHops implements AutoCloseable {

    static final long NOW = 1_700_000_000L;
    static final String MESSAGE = "From: Shop <orders@shop.example>\r\nTo: list@list.example\r\nSubject: order\r\n"
        + "Date: Tue, 14 Nov 2023 22:12:00 +0000\r\nMessage-ID: <order-1@shop.example>\r\n\r\nThanks for your order.\r\n";
    static final String SHOP_IP = "192.0.2.7";
    static final String FORWARDER_IP = "198.51.100.1";

    final SigningKey forwarderKey;
    final SigningKey listKey;
    final Path forwarderKeyFile;
    final Path listKeyFile;
    /** The shop's message, DKIM-signed. */
    final String signed;
    private final Path keys;
    private final LoopbackDnsServer server;

    ArcHops() throws IOException {
        KeyGenerator generator = new KeyGenerator(new SecureRandom());
        SigningKey shopKey = generator.ed25519("shop.example", "ed");
        forwarderKey = generator.rsa("forwarder.example", "arc", 2048);
        listKey = generator.rsa("list.example", "seal", 2048);
        keys = Files.createTempDirectory("arc-keys");
        forwarderKeyFile = Files.writeString(keys.resolve("forwarder.private"), PrivateKeys.toPem(forwarderKey));
        listKeyFile = Files.writeString(keys.resolve("list.private"), PrivateKeys.toPem(listKey));
        signed = new DkimSigner(shopKey, SigningSettings.builder().clock(Clock.fixed(Instant.ofEpochSecond(NOW - 60), ZoneOffset.UTC)).build())
            .sign(new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII))) + "\r\n" + MESSAGE;
        server = LoopbackDnsServer.start(Zone.builder()
            .txt("ed._domainkey.shop.example", shopKey.publicKeyRecord())
            .longTxt("arc._domainkey.forwarder.example", forwarderKey.publicKeyRecord())
            .longTxt("seal._domainkey.list.example", listKey.publicKeyRecord())
            .txt("shop.example", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.shop.example", "v=DMARC1; p=reject")
            .build());
    }

    /** The loopback DNS server for {@code --dns}. */
    String dns() {
        return server.hostAndPort();
    }

    /** The DNS server's port. */
    int dnsPort() {
        return server.port();
    }

    /** The forwarder receives {@code message} from the shop and seals it into {@code output}. */
    CommandRun sealAtForwarder(Path message, Path output) {
        return CommandRun.of("--dns", dns(), "--now", Long.toString(NOW), "arc", "seal", message.toString(),
            "--domain", "forwarder.example", "--selector", "arc", "--key", forwarderKeyFile.toString(),
            "--ip", SHOP_IP, "--mail-from", "orders@shop.example", "--helo", "mail.shop.example",
            "--authserv-id", "mx.forwarder.example", "--output", output.toString());
    }

    /** The list receives {@code message} from the forwarder and seals it into {@code output}. */
    CommandRun sealAtList(Path message, Path output) {
        return CommandRun.of("--dns", dns(), "--now", Long.toString(NOW + 60), "arc", "seal", message.toString(),
            "--domain", "list.example", "--selector", "seal", "--key", listKeyFile.toString(),
            "--ip", FORWARDER_IP, "--mail-from", "orders@shop.example", "--helo", "mx.forwarder.example",
            "--authserv-id", "mx.list.example", "--output", output.toString());
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(keys)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
