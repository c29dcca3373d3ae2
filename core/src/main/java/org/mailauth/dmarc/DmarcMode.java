package org.mailauth.dmarc;

/**
 * Which DMARC: RFC 9989 (the DNS tree walk, {@code np}, {@code psd}, {@code t}), or RFC 7489 for receivers
 * that must behave as before (Public Suffix List, {@code pct}, {@code rf}, {@code ri}).
 */
public enum DmarcMode {
    RFC9989, RFC7489
}
