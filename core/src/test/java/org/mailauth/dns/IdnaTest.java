package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Non-ASCII domain names as IDNA2008 A-labels (RFC 5890, RFC 5891), with the UTS #46 mapping of user input. */
class IdnaTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "bücher.example, xn--bcher-kva.example",
        "BÜCHER.Example, xn--bcher-kva.example",
        "münchen.de, xn--mnchen-3ya.de",
        "ΕΛΛΗΝΙΚΆ.gr, xn--hxargifdar.gr",
        "例え.テスト, xn--r8jz45g.xn--zckzah",
        "mañana.com, xn--maana-pta.com",
    })
    void nonAsciiLabelsBecomeALabelsAndAsciiLabelsAreLowered(String domain, String aLabels) {
        assertThat(Idna.toAscii(domain)).hasValue(aLabels);
    }

    @Test
    void sharpSIsKeptAsIdna2008SaysNotMappedToSsAsIdna2003Did() {
        assertThat(Idna.toAscii("straße.de")).hasValue("xn--strae-oqa.de");
        assertThat(Idna.toAscii("ς.example")).hasValue("xn--3xa.example");
    }

    @Test
    void ideographicAndFullWidthStopsSeparateLabelsAndFullWidthLettersAreMapped() {
        assertThat(Idna.toAscii("例え。テスト")).hasValue("xn--r8jz45g.xn--zckzah");
        assertThat(Idna.toAscii("ｅｘａｍｐｌｅ．ｃｏｍ")).hasValue("example.com");
    }

    @Test
    void asciiLabelsAreLeftToTheCaller() {
        assertThat(Idna.toAscii("_DMARC.Example.COM.")).hasValue("_dmarc.example.com.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "☃.example",                  // a symbol: IDNA2003 allowed it (xn--n3h), IDNA2008 does not
        "a\u200db.example",           // ZERO WIDTH JOINER (CONTEXTJ)
        "\u0301abc.example",          // a combining mark first
        "-bücher.example",            // a leading hyphen
        "bücher-.example",            // a trailing hyphen
        "⒈example.com",               // maps to "1." : a dot inside a label
    })
    void invalidLabelsAreRefused(String domain) {
        assertThat(Idna.toAscii(domain)).isEmpty();
    }

    @Test
    void anALabelLongerThan63OctetsIsRefused() {
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            label.appendCodePoint(0x4e00 + 37 * i);
        }

        assertThat(Idna.toAscii(label.substring(0, 10) + ".example")).isPresent();
        assertThat(Idna.toAscii(label + ".example")).isEmpty();
    }
}
