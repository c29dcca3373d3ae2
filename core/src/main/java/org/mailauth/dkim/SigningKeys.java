package org.mailauth.dkim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which keys sign a message, by its author address (the From field): one fixed key, or OpenDKIM's
 * SigningTable and KeyTable. Keys come from {@link KeyFiles}, so a rotated key file is picked up at once.
 */
public interface SigningKeys {

    /** The keys that sign mail from {@code authorAddress}; empty when none does. */
    List<SigningKey> forAuthor(String authorAddress) throws IOException;

    /** Reads every key once, to find problems at start-up rather than on the first message. */
    void check() throws IOException;

    /** One key for every message. */
    static SigningKeys single(KeyFiles files, Path keyFile, String domain, String selector) {
        return new SigningKeys() {
            @Override
            public List<SigningKey> forAuthor(String authorAddress) throws IOException {
                return List.of(files.load(keyFile, domain, selector));
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
            public List<SigningKey> forAuthor(String authorAddress) throws IOException {
                String authorDomain = authorAddress.substring(authorAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
                List<SigningKey> keys = new ArrayList<>();
                for (String name : signingTable.keyNames(authorAddress, multiple)) {
                    KeyTable.Entry entry = keyTable.get(name).orElseThrow(() -> new IOException("the SigningTable names key '"
                        + name + "', which the KeyTable does not have"));
                    keys.add(files.load(entry.keyFile(), entry.domain(authorDomain), entry.selector()));
                }
                return keys;
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
}
