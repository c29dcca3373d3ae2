package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** OpenDKIM KeyTable lines: NAME domain:selector:/path/to/key. */
class KeyTableTest {

    @Test
    void entriesGiveDomainSelectorAndKeyFile() {
        KeyTable table = KeyTable.parse("example-rsa example.com:2026a:/etc/opendkim/keys/example.com/2026a.private\n"
            + "# comment\n\nper-domain %:mail:keys/mail.private\n", Path.of("/etc/opendkim"));

        KeyTable.Entry rsa = table.get("example-rsa").orElseThrow();
        assertThat(rsa.domain("ignored.example")).isEqualTo("example.com");
        assertThat(rsa.selector()).isEqualTo("2026a");
        assertThat(rsa.keyFile()).isEqualTo(Path.of("/etc/opendkim/keys/example.com/2026a.private"));
        KeyTable.Entry perDomain = table.get("per-domain").orElseThrow();
        assertThat(perDomain.domain("author.example")).isEqualTo("author.example");
        assertThat(perDomain.keyFile()).isEqualTo(Path.of("/etc/opendkim/keys/mail.private"));
    }

    @Test
    void malformedAndDuplicateLinesAreNamed() {
        assertThatThrownBy(() -> KeyTable.parse("k example.com:sel\n", null)).hasMessageContaining("line 1");
        assertThatThrownBy(() -> KeyTable.parse("k a.example:s:/k\nk b.example:s:/k\n", null))
            .hasMessageContaining("line 2: key name 'k' is defined twice");
    }

    @Test
    void aStarInANameIsAWildcardAsInOpenDkimsRefileKeyTable() {
        KeyTable table = KeyTable.parse("sales sales.example:s1:/k/sales.private\n"
            + "*.example %:default:/k/default.private\n", null);

        assertThat(table.get("sales").orElseThrow().selector()).isEqualTo("s1");
        assertThat(table.get("news.example").orElseThrow().selector()).isEqualTo("default");
        assertThat(table.get("news.example.org")).isEmpty();
    }

    @Test
    void theFirstLineInFileOrderThatNamesTheKeyWins() {
        KeyTable table = KeyTable.parse("* a.example:first:/k/1\nexact b.example:second:/k/2\n", null);

        assertThat(table.get("exact").orElseThrow().selector()).isEqualTo("first");
    }
}
