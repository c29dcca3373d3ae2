package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

    private static String canonical(String literal) {
        return IpLiteral.format(IpLiteral.parse(literal).orElseThrow());
    }

    @Test
    void literalsAreReadWithoutDns() {
        assertThat(IpLiteral.parse("192.0.2.1")).isPresent();
        assertThat(IpLiteral.parse("2001:db8::1")).isPresent();
        assertThat(IpLiteral.parse("mail.example.com")).isEmpty();
        assertThat(IpLiteral.parse("192.0.2.256")).isEmpty();
    }

    @Test
    void ipv6IsWrittenInTheRfc5952CanonicalForm() {
        assertThat(canonical("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(canonical("cafe:babe:0:0:0:0:0:1")).isEqualTo("cafe:babe::1");
        assertThat(canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(canonical("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(canonical("::1")).isEqualTo("::1");
        assertThat(canonical("::")).isEqualTo("::");
        assertThat(canonical("1::")).isEqualTo("1::");
    }

    @Test
    void ipv4IsADottedQuad() {
        assertThat(canonical("192.0.2.1")).isEqualTo("192.0.2.1");
    }
}
