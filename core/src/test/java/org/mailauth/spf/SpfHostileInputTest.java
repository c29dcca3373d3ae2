package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;

/** Records built to break parsers end in the result RFC 7208 gives them, never an exception. */
class SpfHostileInputTest {

    private static SpfResult check(InMemoryDnsResolver dns, String sender) throws Exception {
        return new SpfVerifier(dns, SpfSettings.defaults())
            .checkMailFrom(InetAddress.getByName("192.0.2.1"), sender, "helo.example")
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SpfResult record(String text) throws Exception {
        return check(InMemoryDnsResolver.builder().txt("example.org", text).build(), "x@example.org");
    }

    @Test
    void strayBytesAndControlCharactersArePermerrors() throws Exception {
        assertThat(record("v=spf1 a:\u00ef\u00bb\u00bfgarbage.example.net -all").code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(record("v=spf1 \u0080a:example.net -all").code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(record("v=spf1 a:example.net\r\nptr -all").code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(record("v=spf1 ip4:192.0.2.1\u0000 -all").code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(record("v=spf1\tip4:192.0.2.1 -all").code()).isEqualTo(SpfResult.Code.NONE);
    }

    @Test
    void aHugeRecordIsEvaluatedWithoutTrouble() throws Exception {
        StringBuilder text = new StringBuilder("v=spf1");
        while (text.length() < 64 * 1024) {
            text.append(" ip4:198.51.100.").append(text.length() % 250);
        }

        SpfResult result = record(text + " ip4:192.0.2.1 -all");

        assertThat(result.code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(result.lookups()).isZero();
    }

    @Test
    void includeAndRedirectLoopsArePermerrors() throws Exception {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("a.example", "v=spf1 include:b.example -all")
            .txt("b.example", "v=spf1 include:a.example -all")
            .txt("r.example", "v=spf1 redirect=r.example")
            .build();

        SpfResult include = check(dns, "x@a.example");
        SpfResult redirect = check(dns, "x@r.example");

        assertThat(include.code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(include.problem().orElseThrow()).contains("more than 10 DNS-querying terms");
        assertThat(redirect.code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(dns.lookups("a.example", RecordType.TXT) + dns.lookups("b.example", RecordType.TXT)).isLessThanOrEqualTo(2);
    }

    @Test
    void anExpansionPast253CharactersLosesLabelsOnTheLeft() throws Exception {
        String local = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60);
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 exists:%{l}.%{l}.example.org -all")
            .build();

        SpfResult result = check(dns, local + "@example.org");

        assertThat(result.code()).isEqualTo(SpfResult.Code.FAIL);
        String queried = "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".example.org";
        assertThat(queried.length()).isLessThanOrEqualTo(253);
        assertThat(dns.lookups(queried, RecordType.A)).isEqualTo(1);
    }

    @Test
    void anExpansionWithAnOverlongLabelDoesNotMatch() throws Exception {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 a:%{l}.example.org ?all")
            .build();

        assertThat(check(dns, "x".repeat(70) + "@example.org").code()).isEqualTo(SpfResult.Code.NEUTRAL);
    }

    @Test
    void manySpfRecordsArePermerror() throws Exception {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 -all").txt("example.org", "v=spf1 +all").build();

        assertThat(check(dns, "x@example.org").problem().orElseThrow()).contains("2 SPF records");
    }
}
