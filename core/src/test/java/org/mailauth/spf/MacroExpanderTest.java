package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;

/** Macro expansion, RFC 7208 §7, with the examples of §7.4. */
class MacroExpanderTest {

    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .ptr("192.0.2.3", "mx.example.org")
        .a("mx.example.org", "192.0.2.3")
        .build();

    private static String expand(String macro, String ip, boolean explanation) throws Exception {
        Evaluation evaluation = new Evaluation(DNS, SpfSettings.builder().receiver("mx.receiver.example")
            .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC)).build(),
            InetAddress.getByName(ip), new Evaluation.Sender("strong-bad", "email.example.com"), "helo.example.net");
        return new MacroExpander(evaluation).expand(MacroString.parse(macro, explanation), "email.example.com")
            .toCompletableFuture().join();
    }

    private static String ipv4(String macro) throws Exception {
        return expand(macro, "192.0.2.3", false);
    }

    @Test
    void theSingleMacroExamplesOfSection74() throws Exception {
        assertThat(ipv4("%{s}")).isEqualTo("strong-bad@email.example.com");
        assertThat(ipv4("%{o}")).isEqualTo("email.example.com");
        assertThat(ipv4("%{d}")).isEqualTo("email.example.com");
        assertThat(ipv4("%{d4}")).isEqualTo("email.example.com");
        assertThat(ipv4("%{d3}")).isEqualTo("email.example.com");
        assertThat(ipv4("%{d2}")).isEqualTo("example.com");
        assertThat(ipv4("%{d1}")).isEqualTo("com");
        assertThat(ipv4("%{dr}")).isEqualTo("com.example.email");
        assertThat(ipv4("%{d2r}")).isEqualTo("example.email");
        assertThat(ipv4("%{l}")).isEqualTo("strong-bad");
        assertThat(ipv4("%{l-}")).isEqualTo("strong.bad");
        assertThat(ipv4("%{lr}")).isEqualTo("strong-bad");
        assertThat(ipv4("%{lr-}")).isEqualTo("bad.strong");
        assertThat(ipv4("%{l1r-}")).isEqualTo("strong");
    }

    @Test
    void theMacroStringExamplesOfSection74() throws Exception {
        assertThat(ipv4("%{ir}.%{v}._spf.%{d2}")).isEqualTo("3.2.0.192.in-addr._spf.example.com");
        assertThat(ipv4("%{lr-}.lp._spf.%{d2}")).isEqualTo("bad.strong.lp._spf.example.com");
        assertThat(ipv4("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}")).isEqualTo("bad.strong.lp.3.2.0.192.in-addr._spf.example.com");
        assertThat(ipv4("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}")).isEqualTo("3.2.0.192.in-addr.strong.lp._spf.example.com");
        assertThat(ipv4("%{d2}.trusted-domains.example.net")).isEqualTo("example.com.trusted-domains.example.net");
    }

    @Test
    void theIpv6ExampleOfSection74() throws Exception {
        assertThat(expand("%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01", false)).isEqualToIgnoringCase(
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
    }

    @Test
    void percentUnderscoreAndDashAreLiterals() throws Exception {
        assertThat(ipv4("a%%b%_c%-d")).isEqualTo("a%b c%20d");
    }

    @Test
    void upperCaseMacrosAreUrlEscaped() throws Exception {
        assertThat(expand("%{S}", "192.0.2.3", true)).isEqualTo("strong-bad%40email.example.com");
    }

    @Test
    void theValidatedNameOfTheClientIsThePMacro() throws Exception {
        assertThat(ipv4("%{p}")).isEqualTo("mx.example.org");
        assertThat(expand("%{p}", "192.0.2.99", false)).isEqualTo("unknown");
    }

    @Test
    void cRAndTAreForExplanationsOnly() throws Exception {
        assertThat(expand("%{c} %{r} %{t} %{h}", "2001:db8::cb01", true))
            .isEqualTo("2001:db8::cb01 mx.receiver.example 1700000000 helo.example.net");
        assertThatThrownBy(() -> MacroString.parse("%{c}.example.com", false)).hasMessageContaining("allowed only in exp");
    }

    @Test
    void malformedMacrosAreSyntaxErrors() {
        assertThatThrownBy(() -> MacroString.parse("%(ir).sbl.example.org", false)).hasMessageContaining("must be followed by");
        assertThatThrownBy(() -> MacroString.parse("%{d0}", false)).hasMessageContaining("must not be zero");
        assertThatThrownBy(() -> MacroString.parse("%{x}", false)).hasMessageContaining("unknown macro letter");
        assertThatThrownBy(() -> MacroString.parse("%{d", false)).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> MacroString.parse("%{d2;}", false)).hasMessageContaining("invalid macro delimiter");
    }
}
