package org.mailauth.results;

/** The {@code token} of RFC 2045 §5.1, which RFC 8601 uses for authserv-ids and unquoted values. */
final class MimeToken {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private MimeToken() {
    }

    static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && TSPECIALS.indexOf(c) < 0;
    }
}
