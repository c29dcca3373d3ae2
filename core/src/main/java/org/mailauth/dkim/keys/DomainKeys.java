package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.mailauth.dkim.DkimAlgorithm;

/**
 * The keys that sign in one domain's own name whatever the author, as an ARC sealer signs for its ADMD (RFC 8617 §5.1):
 * the KeyTable lines whose domain is that domain (a {@code %} line is not one: it stands for an author's domain), or
 * one key file. RSA keys come before Ed25519 ones, each in file order: receivers rarely accept ed25519-sha256 in ARC
 * yet. A table read from a file is read again when it changes ({@link TableFile}), a key when its file changes
 * ({@link KeyFiles}).
 */
public final class DomainKeys {

    private final KeyFiles files;
    private final Supplier<List<KeyTable.Entry>> entries;
    private final String domain;

    private DomainKeys(KeyFiles files, Supplier<List<KeyTable.Entry>> entries, String domain) {
        this.files = files;
        this.entries = entries;
        this.domain = domain;
    }

    /**
     * The lines of {@code domain} in the KeyTable file, only those of {@code selector} when given.
     *
     * @throws IOException when the table cannot be read now (naming the file, and the line at fault)
     */
    public static DomainKeys inKeyTable(KeyFiles files, Path keyTable, String domain, Optional<String> selector) throws IOException {
        String wanted = domain.toLowerCase(Locale.ROOT);
        TableFile<KeyTable> table = TableFile.open(keyTable, file -> KeyTable.read(file.toString()));
        return new DomainKeys(files, () -> {
            List<KeyTable.Entry> lines = new ArrayList<>();
            for (KeyTable.Entry entry : table.get().entries()) {
                if (entry.domainPattern().toLowerCase(Locale.ROOT).equals(wanted)
                    && selector.map(entry.selector()::equals).orElse(true)) {
                    lines.add(entry);
                }
            }
            return lines;
        }, wanted);
    }

    /** One key file, signing as {@code selector._domainkey.domain}. */
    public static DomainKeys single(KeyFiles files, Path keyFile, String domain, String selector) {
        KeyTable.Entry entry = new KeyTable.Entry(selector, domain.toLowerCase(Locale.ROOT), selector, keyFile);
        return new DomainKeys(files, () -> List.of(entry), domain.toLowerCase(Locale.ROOT));
    }

    public String domain() {
        return domain;
    }

    /**
     * The usable keys, RSA first, and why each other key of the domain cannot be used (a key file removed, made readable
     * by others, or broken). No key and no failure: the table has no line of the domain.
     */
    public SigningKeys.Selection select() {
        List<SigningKey> keys = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (KeyTable.Entry entry : entries.get()) {
            try {
                keys.add(files.load(entry.keyFile(), domain, entry.selector()));
            } catch (IOException | IllegalArgumentException e) {
                failures.add("key '" + entry.name() + "' (" + entry.keyFile() + ") cannot be used: " + reason(e));
            }
        }
        keys.sort(Comparator.comparing(key -> key.algorithm() == DkimAlgorithm.RSA_SHA256 ? 0 : 1));
        return new SigningKeys.Selection(keys, failures);
    }

    private static String reason(Exception e) {
        return e instanceof NoSuchFileException ? "the file does not exist"
            : e instanceof AccessDeniedException ? "permission denied"
            : e.getMessage();
    }

    @Override
    public String toString() {
        return "the keys of " + domain;
    }
}
