package org.mailauth.dmarc;

/**
 * Which DMARC: RFC 9989 (the DNS tree walk, {@code np}, {@code psd}, {@code t}), or RFC 7489 for receivers
 * that must behave as before (Public Suffix List, {@code pct}, {@code rf}, {@code ri}).
 */
public enum DmarcMode {
    RFC9989, RFC7489;

    /** "rfc9989" or "rfc7489", as configuration and the command line write it. */
    public static java.util.Optional<DmarcMode> of(String text) {
        switch (text) {
            case "rfc9989":
                return java.util.Optional.of(RFC9989);
            case "rfc7489":
                return java.util.Optional.of(RFC7489);
            default:
                return java.util.Optional.empty();
        }
    }
}
