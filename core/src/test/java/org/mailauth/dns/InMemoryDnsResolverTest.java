package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class InMemoryDnsResolverTest {

    private final InMemoryDnsResolver resolver = InMemoryDnsResolver.builder()
        .txt("example.com", "v=spf1 mx -all")
        .a("mail.example.com", "192.0.2.25")
        .mx("example.com", 10, "mail.example.com")
        .ptr("192.0.2.25", "mail.example.com")
        .txt("_dmarc.sub.example.org", "v=DMARC1; p=none")
        .temporaryFailure("flaky.example")
        .temporaryFailure("example.com", RecordType.AAAA)
        .build();

    private static <T> DnsAnswer<T> get(java.util.concurrent.CompletionStage<DnsAnswer<T>> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void recordsAreAnsweredAsAdded() throws Exception {
        assertThat(get(resolver.txt("example.com")).records()).containsExactly("v=spf1 mx -all");
        assertThat(get(resolver.mx("EXAMPLE.COM.")).records()).containsExactly(new MxHost(10, "mail.example.com"));
        assertThat(get(resolver.a("mail.example.com")).records()).containsExactly(InetAddress.getByName("192.0.2.25"));
        assertThat(get(resolver.ptr(InetAddress.getByName("192.0.2.25"))).records()).containsExactly("mail.example.com");
    }

    @Test
    void aKnownNameWithoutTheTypeIsNodataAndAnUnknownNameIsNxdomain() {
        assertThat(get(resolver.a("example.com")).kind()).isEqualTo(DnsAnswer.Kind.NODATA);
        assertThat(get(resolver.txt("sub.example.org")).kind()).isEqualTo(DnsAnswer.Kind.NODATA);
        assertThat(get(resolver.txt("other.example.org")).kind()).isEqualTo(DnsAnswer.Kind.NXDOMAIN);
    }

    @Test
    void configuredFailuresAreTemporaryFailures() {
        assertThat(get(resolver.txt("flaky.example")).isTemporaryFailure()).isTrue();
        assertThat(get(resolver.aaaa("example.com")).isTemporaryFailure()).isTrue();
        assertThat(get(resolver.txt("example.com")).hasRecords()).isTrue();
    }

    @Test
    void lookupsAreCounted() {
        get(resolver.txt("example.com"));
        get(resolver.txt("example.com"));
        get(resolver.mx("example.com"));

        assertThat(resolver.lookups()).isEqualTo(3);
        assertThat(resolver.lookups("example.com", RecordType.TXT)).isEqualTo(2);
    }
}
