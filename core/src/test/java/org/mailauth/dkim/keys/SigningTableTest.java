package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** OpenDKIM SigningTable semantics, as documented in {@link SigningTable}. */
class SigningTableTest {

    private final SigningTable table = SigningTable.parse(String.join("\n",
        "# who signs with which key",
        "ceo@example.com        ceo-key",
        "*@example.com          example-rsa   # every address of example.com",
        "*@example.com          example-ed25519",
        "*.example.com          subdomains",
        "example.net            example-net",
        "*                      catch-all"));

    @Test
    void theFirstMatchInFileOrderWins() {
        assertThat(table.keyNames("ceo@example.com", false)).containsExactly("ceo-key");
        assertThat(table.keyNames("alice@example.com", false)).containsExactly("example-rsa");
    }

    @Test
    void multipleSignaturesTakeEveryMatchInFileOrder() {
        assertThat(table.keyNames("alice@example.com", true)).containsExactly("example-rsa", "example-ed25519", "catch-all");
    }

    @Test
    void aStarDotPatternMatchesSubdomainsButNotTheDomainItself() {
        assertThat(table.keyNames("bob@mail.example.com", false)).containsExactly("subdomains");
        assertThat(table.keyNames("bob@a.b.example.com", false)).containsExactly("subdomains");
        assertThat(table.keyNames("bob@badexample.com", false)).containsExactly("catch-all");
    }

    @Test
    void aBareDomainMatchesExactlyThatDomainsAddresses() {
        assertThat(table.keyNames("x@example.net", false)).containsExactly("example-net");
        assertThat(table.keyNames("x@sub.example.net", false)).containsExactly("catch-all");
    }

    @Test
    void matchingIgnoresCase() {
        assertThat(table.keyNames("Alice@EXAMPLE.com", false)).containsExactly("example-rsa");
    }

    @Test
    void noMatchMeansNoSignature() {
        assertThat(SigningTable.parse("*@example.com k").keyNames("x@example.org", true)).isEmpty();
    }

    @Test
    void aMalformedLineIsNamed() {
        assertThatThrownBy(() -> SigningTable.parse("*@example.com\n")).hasMessageContaining("line 1: expected 'PATTERN KEYNAME'");
    }
}
