package org.mailauth.dkim;

import org.mailauth.results.FieldText;

/** The canonicalization algorithms of c= (RFC 6376 §3.4). */
public enum Canonicalization {
    SIMPLE, RELAXED;

    public String tagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A c= part, case-insensitive. */
    public static Canonicalization of(String tagValue) throws DkimSyntaxException {
        for (Canonicalization canonicalization : values()) {
            if (canonicalization.tagValue().equalsIgnoreCase(tagValue)) {
                return canonicalization;
            }
        }
        throw new DkimSyntaxException("unknown canonicalization " + FieldText.quote(tagValue));
    }
}
