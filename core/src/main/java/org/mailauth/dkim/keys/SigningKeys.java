package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which keys sign a message, by its author address (the From field): one fixed key, or OpenDKIM's
 * SigningTable and KeyTable. Keys come from {@link KeyFiles}, so a rotated key file is picked up at once; tables read
 * with {@link #tableFiles} are too.
 */
public interface SigningKeys {

    /**
     * The keys that sign mail from {@code authorAddress}, and why any other key meant for it cannot be used (a key file
     * removed, made readable by others, or broken). Each signature stands on its own (RFC 6376 §4.2), so one broken key
     * need not leave the mail unsigned.
     */
    Selection select(String authorAddress);

    /** Reads every key once, to find problems at start-up rather than on the first message. */
    void check() throws IOException;

    /** The keys that sign mail from {@code authorAddress}; empty when none does; fails when any of them cannot be used. */
    default List<SigningKey> forAuthor(String authorAddress) throws IOException {
        Selection selection = select(authorAddress);
        if (!selection.failures().isEmpty()) {
            throw new IOException(String.join("; ", selection.failures()));
        }
        return selection.keys();
    }

    /** One key for every message. */
    static SigningKeys single(KeyFiles files, Path keyFile, String domain, String selector) {
        return new SigningKeys() {
            @Override
            public Selection select(String authorAddress) {
                try {
                    return new Selection(List.of(files.load(keyFile, domain, selector)), List.of());
                } catch (IOException | IllegalArgumentException e) {
                    return new Selection(List.of(), List.of(failure(selector + "._domainkey." + domain, keyFile, e)));
                }
            }

            @Override
            public void check() throws IOException {
                files.load(keyFile, domain, selector);
            }
        };
    }

    /** OpenDKIM tables: the first matching SigningTable entry, or every matching one when {@code multiple}. */
    static SigningKeys tables(KeyFiles files, KeyTable keyTable, SigningTable signingTable, boolean multiple) {
        return new SigningKeys() {
            @Override
            public Selection select(String authorAddress) {
                String authorDomain = authorAddress.substring(authorAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
                List<SigningKey> keys = new ArrayList<>();
                List<String> failures = new ArrayList<>();
                for (String name : signingTable.keyNames(authorAddress, multiple)) {
                    KeyTable.Entry entry = keyTable.get(name).orElse(null);
                    if (entry == null) {
                        failures.add("the SigningTable names key '" + name + "', which the KeyTable does not have");
                        continue;
                    }
                    try {
                        keys.add(files.load(entry.keyFile(), entry.domain(authorDomain), entry.selector()));
                    } catch (IOException | IllegalArgumentException e) {
                        failures.add(failure(name, entry.keyFile(), e));
                    }
                }
                return new Selection(keys, failures);
            }

            @Override
            public void check() throws IOException {
                for (String name : signingTable.referencedKeys()) {
                    KeyTable.Entry entry = keyTable.get(name).orElseThrow(() -> new IOException("the SigningTable names key '"
                        + name + "', which the KeyTable does not have"));
                    String domain = entry.domainPattern().equals("%") ? "check.invalid" : entry.domainPattern();
                    files.load(entry.keyFile(), domain, entry.selector());
                }
            }
        };
    }

    /**
     * OpenDKIM tables in files: as {@link #tables}, but each table is read again on the next message after it changed
     * on disk ({@link TableFile}), so an edited table, like a rotated key, needs no restart.
     *
     * @throws IOException when a table cannot be read now (naming the file, and the line at fault)
     */
    static SigningKeys tableFiles(KeyFiles files, Path keyTable, Path signingTable, boolean multiple) throws IOException {
        TableFile<KeyTable> keys = TableFile.open(keyTable, file -> KeyTable.read(file.toString()));
        TableFile<SigningTable> signing = TableFile.open(signingTable, file -> SigningTable.read(file.toString()));
        return new SigningKeys() {
            @Override
            public Selection select(String authorAddress) {
                return tables(files, keys.get(), signing.get(), multiple).select(authorAddress);
            }

            @Override
            public void check() throws IOException {
                tables(files, keys.get(), signing.get(), multiple).check();
            }
        };
    }

    private static String failure(String keyName, Path keyFile, Exception e) {
        String reason = e instanceof NoSuchFileException ? "the file does not exist"
            : e instanceof AccessDeniedException ? "permission denied"
            : e instanceof FileSystemException && ((FileSystemException) e).getReason() != null ? ((FileSystemException) e).getReason()
            : e.getMessage();
        return "key '" + keyName + "' (" + keyFile + ") cannot be used: " + reason;
    }

    /** The usable keys for one author, and one message per key that could not be used. */
    final class Selection {
        private final List<SigningKey> keys;
        private final List<String> failures;

        public Selection(List<SigningKey> keys, List<String> failures) {
            this.keys = List.copyOf(keys);
            this.failures = List.copyOf(failures);
        }

        public List<SigningKey> keys() {
            return keys;
        }

        public List<String> failures() {
            return failures;
        }
    }
}
