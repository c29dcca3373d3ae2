package org.mailauth.dkim.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The zone-file line that publishes a signing key, as {@code opendkim-genkey} writes it:
 * {@code selector._domainkey IN TXT ( "v=DKIM1; k=rsa; " "p=..." ) ; ----- DKIM key selector for domain}.
 * A TXT character-string holds at most 255 octets (RFC 1035 §3.3.14), so a long record is split into several,
 * which verifiers join (RFC 6376 §3.6.2.2).
 */
public final class ZoneFileRecord {

    static final int MAX_STRING = 255;

    private ZoneFileRecord() {
    }

    public static String of(SigningKey key) {
        StringBuilder line = new StringBuilder(key.selector()).append("._domainkey\tIN\tTXT\t( ");
        List<String> strings = strings(key.publicKeyRecord());
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                line.append("\n\t  ");
            }
            line.append('"').append(strings.get(i)).append('"');
        }
        return line.append(" )  ; ----- DKIM key ").append(key.selector()).append(" for ").append(key.domain()).append('\n').toString();
    }

    /** The record in character-strings of at most 255 octets. */
    static List<String> strings(String record) {
        byte[] bytes = record.getBytes(StandardCharsets.US_ASCII);
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < bytes.length; start += MAX_STRING) {
            strings.add(new String(bytes, start, Math.min(MAX_STRING, bytes.length - start), StandardCharsets.US_ASCII));
        }
        return strings;
    }
}
