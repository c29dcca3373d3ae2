package org.mailauth.message;

import java.util.Locale;

/**
 * One header field as received (RFC 5322 §2.2): its name and its whole text, folding included, without
 * the final CRLF. Octets are kept one char each (ISO-8859-1), so 8-bit header bytes survive unchanged
 * for simple canonicalization.
 */
public final class HeaderField {

    private final String name;
    private final String raw;

    private HeaderField(String name, String raw) {
        this.name = name;
        this.raw = raw;
    }

    /** {@code raw} is "Name: value" with CRLF line folds and no final CRLF. */
    public static HeaderField of(String raw) {
        int colon = raw.indexOf(':');
        return new HeaderField(colon < 0 ? raw : raw.substring(0, colon).trim(), raw);
    }

    public String name() {
        return name;
    }

    public String raw() {
        return raw;
    }

    /** Everything after the first colon, folding included. */
    public String value() {
        int colon = raw.indexOf(':');
        return colon < 0 ? "" : raw.substring(colon + 1);
    }

    /** Field names are case-insensitive (RFC 5322 §1.2.2). */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The name in lower case, as relaxed canonicalization writes it and field names compare (RFC 5322 §1.2.2). */
    public String lowerCaseName() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return raw;
    }
}
