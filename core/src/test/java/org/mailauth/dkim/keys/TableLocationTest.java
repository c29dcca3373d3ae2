package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenDKIM names its tables as data sets (opendkim.conf(5), "DATA SETS"): both tables accept the same prefixes. */
class TableLocationTest {

    @TempDir
    Path folder;

    @Test
    void theDataSetPrefixIsDropped() {
        assertThat(TableLocation.path("refile:/etc/opendkim/KeyTable")).isEqualTo("/etc/opendkim/KeyTable");
        assertThat(TableLocation.path("file:/etc/opendkim/KeyTable")).isEqualTo("/etc/opendkim/KeyTable");
        assertThat(TableLocation.path("file:///etc/opendkim/KeyTable")).isEqualTo("/etc/opendkim/KeyTable");
        assertThat(TableLocation.path("conf/dkim/KeyTable")).isEqualTo("conf/dkim/KeyTable");
    }

    @Test
    void bothTablesAreReadWithEveryPrefix() throws Exception {
        Path keyTable = Files.writeString(folder.resolve("KeyTable"), "k example.com:s:k.private\n", StandardCharsets.UTF_8);
        Path signingTable = Files.writeString(folder.resolve("SigningTable"), "*@example.com k\n", StandardCharsets.UTF_8);

        for (String prefix : new String[] {"", "refile:", "file:", "file://"}) {
            assertThat(KeyTable.read(prefix + keyTable).get("k").orElseThrow().keyFile()).isEqualTo(folder.resolve("k.private"));
            assertThat(SigningTable.read(prefix + signingTable).keyNames("a@example.com", false)).containsExactly("k");
        }
    }
}
