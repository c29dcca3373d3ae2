package org.mailauth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.mailauth.dkim.keys.KeyFiles;
import org.mailauth.dkim.keys.KeyGenerator;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.ZoneFileRecord;

/**
 * The DKIM keys of {@code mailauth run}: an RSA-2048 key (selector {@value #RSA_SELECTOR}) and an Ed25519 key
 * (selector {@value #ED25519_SELECTOR}) of the domain, made at the first start and kept in a folder of their own
 * (mode 0600, like {@code mailauth genkey}), and the lines of the KeyTable and SigningTable that make the sample's
 * DKIMSign sign every message from the domain with both. Those lines stand between two marker lines; each start
 * rewrites only them, for the domain of that start, so lines an admin adds above or below are kept. A table whose
 * markers were removed is the admin's: it is left as it is.
 */
final class DemoSigningKeys {

    static final String RSA_SELECTOR = "mailauth-rsa";
    static final String ED25519_SELECTOR = "mailauth-ed25519";
    static final String BEGIN = "# BEGIN mailauth run: rewritten at every start for the --domain of that start."
        + " Add your own lines above (they come first) or below; remove this block, markers included, to keep the table as it is.";
    static final String END = "# END mailauth run";

    private final List<SigningKey> keys;
    private final boolean inTables;

    private DemoSigningKeys(List<SigningKey> keys, boolean inTables) {
        this.keys = List.copyOf(keys);
        this.inTables = inTables;
    }

    /** Makes the keys in {@code keyFolder} when missing and puts their lines into the tables in {@code tableFolder}. */
    static DemoSigningKeys prepare(Path keyFolder, Path tableFolder, String domain) throws IOException {
        Files.createDirectories(keyFolder);
        Files.createDirectories(tableFolder);
        KeyGenerator generator = new KeyGenerator(new SecureRandom());
        KeyFiles files = new KeyFiles(false);
        List<SigningKey> keys = new ArrayList<>();
        StringBuilder keyTable = new StringBuilder("# NAME DOMAIN:SELECTOR:KEYFILE\n");
        StringBuilder signingTable = new StringBuilder("# PATTERN NAME\n");
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
        boolean inKeyTable = writeBlock(tableFolder.resolve("KeyTable"), keyTable.toString());
        boolean inSigningTable = writeBlock(tableFolder.resolve("SigningTable"), signingTable.toString());
        return new DemoSigningKeys(keys, inKeyTable && inSigningTable);
    }

    /**
     * Puts {@code lines} between the markers of {@code table}: a missing table is made with them alone; in a table with
     * the markers, only what stands between them is replaced. A table without them is not touched.
     *
     * @return whether the table holds the lines now
     */
    static boolean writeBlock(Path table, String lines) throws IOException {
        String block = BEGIN + "\n" + lines + END + "\n";
        if (!Files.exists(table)) {
            Files.writeString(table, block);
            return true;
        }
        String text = Files.readString(table);
        int begin = text.indexOf("# BEGIN mailauth run");
        int end = begin < 0 ? -1 : text.indexOf(END, begin);
        if (begin < 0 || end < 0 || (begin > 0 && text.charAt(begin - 1) != '\n')) {
            return false;
        }
        int afterEnd = text.indexOf('\n', end);
        String rewritten = text.substring(0, begin) + block + (afterEnd < 0 ? "" : text.substring(afterEnd + 1));
        if (!rewritten.equals(text)) {
            Files.writeString(table, rewritten);
        }
        return true;
    }

    /** Whether both tables hold this start's lines (false when the admin took a table over by removing its markers). */
    boolean inTables() {
        return inTables;
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
