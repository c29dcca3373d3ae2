package org.mailauth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.mailauth.dkim.KeyFiles;
import org.mailauth.dkim.KeyGenerator;
import org.mailauth.dkim.SigningKey;
import org.mailauth.dkim.ZoneFileRecord;

/**
 * The DKIM keys of {@code mailauth run}: an RSA-2048 key (selector {@value #RSA_SELECTOR}) and an Ed25519 key
 * (selector {@value #ED25519_SELECTOR}) of the domain, made at the first start and kept in a folder of their own
 * (mode 0600, like {@code mailauth genkey}), and the KeyTable and SigningTable that make the sample's DKIMSign
 * sign every message from the domain with both.
 */
final class DemoSigningKeys {

    static final String RSA_SELECTOR = "mailauth-rsa";
    static final String ED25519_SELECTOR = "mailauth-ed25519";

    private final List<SigningKey> keys;

    private DemoSigningKeys(List<SigningKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Makes the keys in {@code keyFolder} when missing and writes the tables into {@code tableFolder}. */
    static DemoSigningKeys prepare(Path keyFolder, Path tableFolder, String domain) throws IOException {
        Files.createDirectories(keyFolder);
        Files.createDirectories(tableFolder);
        KeyGenerator generator = new KeyGenerator(new SecureRandom());
        KeyFiles files = new KeyFiles(false);
        List<SigningKey> keys = new ArrayList<>();
        StringBuilder keyTable = new StringBuilder("# Written by 'mailauth run' at every start: NAME DOMAIN:SELECTOR:KEYFILE\n");
        StringBuilder signingTable = new StringBuilder("# Written by 'mailauth run' at every start: PATTERN NAME\n");
        for (String selector : List.of(RSA_SELECTOR, ED25519_SELECTOR)) {
            Path file = keyFolder.resolve(domain + "." + selector + ".private");
            if (!Files.exists(file)) {
                SigningKey made = selector.equals(RSA_SELECTOR) ? generator.rsa(domain, selector, 2048) : generator.ed25519(domain, selector);
                KeyFileWriter.write(file, made);
            }
            keys.add(files.load(file, domain, selector));
            keyTable.append(selector).append(' ').append(domain).append(':').append(selector).append(':')
                .append(file.toAbsolutePath()).append('\n');
            signingTable.append("*@").append(domain).append(' ').append(selector).append('\n');
        }
        Files.writeString(tableFolder.resolve("KeyTable"), keyTable);
        Files.writeString(tableFolder.resolve("SigningTable"), signingTable);
        return new DemoSigningKeys(keys);
    }

    /** The zone-file lines to publish (one per key). */
    List<String> zoneFileLines() {
        List<String> lines = new ArrayList<>();
        for (SigningKey key : keys) {
            lines.add(ZoneFileRecord.of(key));
        }
        return lines;
    }
}
