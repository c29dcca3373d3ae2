package org.mailauth.james39;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * The one James 3.9 of the test JVM with the pack installed ({@link James39Extensions}), and its DNS on loopback. One
 * per JVM as in a server: James 3.9's {@code ExtendedClassLoader} keeps the classes it loaded in a static cache, so a
 * second James in the same JVM would be handed the first one's classes.
 * <ul>
 * <li>example.org: SPF allows 192.0.2.0/24 only; DMARC p=reject with aggregate reports (rua).</li>
 * <li>sender.example: this gateway's own domain, DKIM key s1 (the key file {@link #DKIM_KEY_FILE}); SPF allows
 * nobody, so its mail passes DMARC by its DKIM signature alone.</li>
 * </ul>
 */
final class James39Gateway {

    static final String AUTHSERV_ID = "mx.gateway.test";
    static final String DKIM_KEY_FILE = "dkim-s1.key";

    private static James39Gateway instance;

    private final Path workingDirectory;
    private final String dkimKeyRecord;
    private final James39Extensions extensions;

    private James39Gateway(Path workingDirectory, String dkimKeyRecord, James39Extensions extensions) {
        this.workingDirectory = workingDirectory;
        this.dkimKeyRecord = dkimKeyRecord;
        this.extensions = extensions;
    }

    static synchronized James39Gateway instance() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static James39Gateway start() {
        try {
            Path folder = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "james39-");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Path key = folder.resolve(DKIM_KEY_FILE);
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            String keyRecord = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
            LoopbackDnsServer dns = LoopbackDnsServer.start(Zone.builder()
                .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.example.org", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org")
                .txt("sender.example", "v=spf1 -all")
                .txt("_dmarc.sender.example", "v=DMARC1; p=reject")
                .longTxt("s1._domainkey.sender.example", keyRecord)
                .build());
            Runtime.getRuntime().addShutdownHook(new Thread(dns::close));
            James39Extensions extensions = James39Extensions.start(folder.resolve("james"),
                Map.of("dns.servers", dns.hostAndPort(), "authserv-id", AUTHSERV_ID));
            return new James39Gateway(folder, keyRecord, extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    James39Extensions extensions() {
        return extensions;
    }

    Path dkimKeyFile() {
        return workingDirectory.resolve(DKIM_KEY_FILE);
    }

    /** The DKIM key record of sender.example, as dkimpy's DNS ("name=record"). */
    String dkimKeyDns() {
        return "s1._domainkey.sender.example=" + dkimKeyRecord;
    }
}
