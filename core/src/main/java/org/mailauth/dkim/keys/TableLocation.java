package org.mailauth.dkim.keys;

import java.util.List;

/**
 * Where an OpenDKIM table is, written as opendkim.conf(5) writes a data set ("DATA SETS"): a path, or a path after
 * {@code file:} or {@code refile:}; James's {@code file://} is accepted too. Whatever the prefix, a table is read the
 * way OpenDKIM reads a {@code refile:} one: a {@code *} in a SigningTable pattern or a KeyTable name is a wildcard
 * ({@link SigningTable}, {@link KeyTable}).
 */
public final class TableLocation {

    private static final List<String> PREFIXES = List.of("refile:", "file://", "file:");

    private TableLocation() {
    }

    /** The path in {@code location}, without its data set prefix. */
    public static String path(String location) {
        for (String prefix : PREFIXES) {
            if (location.startsWith(prefix)) {
                return location.substring(prefix.length());
            }
        }
        return location;
    }
}
