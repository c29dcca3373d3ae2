package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * OpenDKIM's SigningTable: which KeyTable entries sign mail from which author address. One entry per line,
 * {@code PATTERN KEYNAME}; '#' starts a comment. A pattern is matched, without regard to case, against the
 * whole address of the message's From field ({@code local@domain}):
 * <ul>
 * <li>with a {@code *}: a wildcard over the whole address, {@code *} standing for any run of characters
 * ({@code *@example.com}: every address of example.com; {@code *.example.com}: every address of every
 * subdomain of example.com, not of example.com itself), as OpenDKIM reads a {@code refile:} table;</li>
 * <li>with an {@code @} and no {@code *}: that address exactly;</li>
 * <li>otherwise a domain: every address whose domain is exactly it.</li>
 * </ul>
 * Entries are tried in file order; the first match signs, or with {@code MultipleSignatures} every match does.
 */
public final class SigningTable {

    /** One line: the pattern as written, what it matches, the key name. */
    static final class Entry {
        final String pattern;
        final Pattern matcher;
        final String keyName;

        Entry(String pattern, String keyName) {
            this.pattern = pattern;
            this.keyName = keyName;
            this.matcher = compile(pattern.toLowerCase(Locale.ROOT));
        }

        private static Pattern compile(String pattern) {
            if (pattern.contains("*")) {
                return KeyTable.wildcard(pattern);
            }
            if (pattern.contains("@")) {
                return Pattern.compile(Pattern.quote(pattern));
            }
            return Pattern.compile("[^@]*@" + Pattern.quote(pattern));
        }

        boolean matches(String address) {
            return matcher.matcher(address.toLowerCase(Locale.ROOT)).matches();
        }
    }

    private final List<Entry> entries;

    private SigningTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads a table file; a data set prefix ({@code refile:}, {@code file:}) is accepted, see {@link TableLocation}. */
    public static SigningTable read(String location) throws IOException {
        Path file = Path.of(TableLocation.path(location));
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the line that is not {@code PATTERN KEYNAME} */
    public static SigningTable parse(String text) {
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\\r?\\n")) {
            number++;
            String content = KeyTable.withoutComment(line);
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length != 2) {
                throw new IllegalArgumentException("line " + number + ": expected 'PATTERN KEYNAME', got '" + content + "'");
            }
            entries.add(new Entry(fields[0], fields[1]));
        }
        return new SigningTable(entries);
    }

    /** The key names for {@code address}: the first match, or every match when {@code all}. */
    public List<String> keyNames(String address, boolean all) {
        List<String> names = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.matches(address)) {
                names.add(entry.keyName);
                if (!all) {
                    break;
                }
            }
        }
        return names;
    }

    /** Every key name the table refers to, in order. */
    public List<String> referencedKeys() {
        return entries.stream().map(entry -> entry.keyName).distinct().collect(Collectors.toList());
    }

    /** The first pattern that names {@code keyName}, for messages. */
    Optional<String> patternOf(String keyName) {
        return entries.stream().filter(entry -> entry.keyName.equals(keyName)).map(entry -> entry.pattern).findFirst();
    }
}
