package org.mailauth.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RFC 7468 textual encoding: {@code -----BEGIN LABEL-----}, base64 in lines of 64, {@code -----END LABEL-----}. */
final class Pem {

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
