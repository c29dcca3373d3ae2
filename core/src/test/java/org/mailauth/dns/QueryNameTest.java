package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 1035 §2.3.4 size limits and literal labels. */
class QueryNameTest {

    @Test
    void namesAreLowerCasedAndMadeAbsolute() {
        assertThat(QueryName.parse("Mail.Example.COM").map(QueryName::text)).hasValue("mail.example.com");
        assertThat(QueryName.parse("example.com.").map(QueryName::text)).hasValue("example.com");
    }

    @Test
    void aLabelHoldsAtMost63Octets() {
        assertThat(QueryName.parse("x".repeat(63) + ".example")).isPresent();
        assertThat(QueryName.parse("x".repeat(64) + ".example")).isEmpty();
    }

    @Test
    void aNameHoldsAtMost255Octets() {
        String label = "x".repeat(63);
        assertThat(QueryName.parse(label + "." + label + "." + label + "." + "x".repeat(61))).isPresent();
        assertThat(QueryName.parse(label + "." + label + "." + label + "." + "x".repeat(62))).isEmpty();
    }

    @Test
    void emptyLabelsAreRefused() {
        assertThat(QueryName.parse("a..example")).isEmpty();
        assertThat(QueryName.parse(".example")).isEmpty();
    }

    @Test
    void backslashesAreDataNotEscapes() {
        assertThat(QueryName.parse("a\\046b.example").map(name -> name.labels())).hasValue(3);
    }

    @Test
    void unicodeLabelsBecomeALabels() {
        assertThat(QueryName.parse("bücher.example").map(QueryName::text)).hasValue("xn--bcher-kva.example");
    }

    @Test
    void theQuickKeyAgreesWithTheWireName() {
        for (String name : new String[] {"Mail.Example.COM", "example.com.", "x".repeat(63) + ".example", "x".repeat(64) + ".example",
            "a..example", ".example", "bücher.example", "a\\046b.example", "", ".", "_dmarc.example.org"}) {
            assertThat(QueryName.key(name)).as(name).isEqualTo(QueryName.parse(name).map(QueryName::text));
        }
    }
}
