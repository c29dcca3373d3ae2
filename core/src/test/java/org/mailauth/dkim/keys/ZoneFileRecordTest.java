package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The zone-file line for a key record (RFC 6376 §3.6.2.2): character-strings of at most 255 octets (RFC 1035 §3.3.14). */
class ZoneFileRecordTest {

    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    @Test
    void aLongRsaRecordIsSplitInto255OctetStringsThatJoinToTheRecord() {
        SigningKey key = new KeyGenerator(new SecureRandom()).rsa("example.org", "sel", 4096);

        String line = ZoneFileRecord.of(key);

        assertThat(line).startsWith("sel._domainkey\tIN\tTXT\t( \"v=DKIM1; k=rsa; p=").endsWith(" )  ; ----- DKIM key sel for example.org\n");
        StringBuilder joined = new StringBuilder();
        Matcher strings = STRING.matcher(line);
        int count = 0;
        while (strings.find()) {
            assertThat(strings.group(1).length()).isLessThanOrEqualTo(255);
            joined.append(strings.group(1));
            count++;
        }
        assertThat(count).isGreaterThan(2);
        assertThat(joined.toString()).isEqualTo(key.publicKeyRecord());
    }

    @Test
    void anEd25519RecordFitsInOneString() {
        SigningKey key = new KeyGenerator(new SecureRandom()).ed25519("example.org", "ed");

        assertThat(ZoneFileRecord.of(key)).isEqualTo("ed._domainkey\tIN\tTXT\t( \"" + key.publicKeyRecord()
            + "\" )  ; ----- DKIM key ed for example.org\n");
    }

    @Test
    void rsaKeysUnder1024BitsAreNotMade() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KeyGenerator(new SecureRandom()).rsa("example.org", "s", 512))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 8301");
    }
}
