package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * OpenDKIM's KeyTable: one line per key, {@code NAME domain:selector:/path/to/key}; '#' starts a comment.
 * A domain of {@code %} stands for the domain of the address being signed for, as in OpenDKIM. A relative
 * key path is read from the table's folder. A {@code *} in a name is a wildcard, as OpenDKIM reads the
 * {@code refile:} KeyTable most setups have: a name the SigningTable gives takes the first line, in file order,
 * whose name is that name or matches it.
 */
public final class KeyTable {

    /** One key: the d=, s= and file it names. */
    public static final class Entry {
        private final String name;
        private final String domain;
        private final String selector;
        private final Path keyFile;
        private final Pattern namePattern;

        Entry(String name, String domain, String selector, Path keyFile) {
            this.name = name;
            this.domain = domain;
            this.selector = selector;
            this.keyFile = keyFile;
            this.namePattern = wildcard(name);
        }

        boolean isNamed(String keyName) {
            return namePattern.matcher(keyName).matches();
        }

        public String name() {
            return name;
        }

        /** d=, with "%" replaced by {@code authorDomain}. */
        public String domain(String authorDomain) {
            return domain.equals("%") ? authorDomain : domain;
        }

        public String selector() {
            return selector;
        }

        public Path keyFile() {
            return keyFile;
        }

        /** The domain as written ("%" included). */
        public String domainPattern() {
            return domain;
        }
    }

    private final Map<String, Entry> entries;

    private KeyTable(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Reads a table file; a data set prefix ({@code refile:}, {@code file:}) is accepted, see {@link TableLocation}. */
    public static KeyTable read(String location) throws IOException {
        Path file = Path.of(TableLocation.path(location));
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the line at fault */
    public static KeyTable parse(String text, Path folder) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\\r?\\n")) {
            number++;
            String content = withoutComment(line);
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+", 2);
            String[] parts = fields.length == 2 ? fields[1].trim().split(":", 3) : new String[0];
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
                throw new IllegalArgumentException("line " + number + ": expected 'NAME domain:selector:/path/to/key', got '"
                    + content + "'");
            }
            Path key = Path.of(parts[2]);
            if (!key.isAbsolute() && folder != null) {
                key = folder.resolve(key);
            }
            if (entries.put(fields[0], new Entry(fields[0], parts[0], parts[1], key)) != null) {
                throw new IllegalArgumentException("line " + number + ": key name '" + fields[0] + "' is defined twice");
            }
        }
        return new KeyTable(entries);
    }

    /** The first entry, in file order, named {@code name} or with a wildcard name matching it. */
    public Optional<Entry> get(String name) {
        return entries.values().stream().filter(entry -> entry.isNamed(name)).findFirst();
    }

    public Iterable<Entry> entries() {
        return entries.values();
    }

    /** {@code text} with each {@code *} standing for any run of characters, as OpenDKIM's refile: patterns. */
    static Pattern wildcard(String text) {
        return Pattern.compile(Arrays.stream(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).trim();
    }
}
