package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.MxHost;

/**
 * DNS work goes out together where that cannot change the result: MX exchangers' addresses (§5.4) and the
 * policies of include targets (prefetched within the lookup limit of §4.6.4). Results and counted lookups
 * are those of sequential evaluation.
 */
class SpfConcurrencyTest {

    /** Holds every answer until released, to see how many queries are in flight at once. */
    private static final class HeldResolver implements DnsResolver {
        private final DnsResolver source;
        private final List<Runnable> held = new ArrayList<>();
        private final List<String> asked = new ArrayList<>();
        private int maxInFlight;

        HeldResolver(DnsResolver source) {
            this.source = source;
        }

        private synchronized <T> CompletionStage<DnsAnswer<T>> hold(String question, CompletionStage<DnsAnswer<T>> answer) {
            asked.add(question);
            CompletableFuture<DnsAnswer<T>> later = new CompletableFuture<>();
            held.add(() -> answer.thenAccept(later::complete));
            maxInFlight = Math.max(maxInFlight, held.size());
            return later;
        }

        /** Releases what is held, round after round, until nothing is asked any more. */
        void drain() {
            while (true) {
                List<Runnable> round;
                synchronized (this) {
                    if (held.isEmpty()) {
                        return;
                    }
                    round = new ArrayList<>(held);
                    held.clear();
                }
                round.forEach(Runnable::run);
            }
        }

        @Override
        public CompletionStage<DnsAnswer<String>> txt(String name) {
            return hold("TXT " + name, source.txt(name));
        }

        @Override
        public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
            return hold("A " + name, source.a(name));
        }

        @Override
        public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
            return hold("AAAA " + name, source.aaaa(name));
        }

        @Override
        public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
            return hold("MX " + name, source.mx(name));
        }

        @Override
        public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
            return hold("PTR " + address, source.ptr(address));
        }
    }

    private static SpfResult check(HeldResolver dns, String ip, String sender) throws Exception {
        CompletableFuture<SpfResult> result = new SpfVerifier(dns, SpfSettings.defaults())
            .checkMailFrom(InetAddress.getByName(ip), sender, "helo.example").toCompletableFuture();
        dns.drain();
        return result.join();
    }

    @Test
    void includeTargetsAreAskedForTogetherAndTheResultIsTheSequentialOne() throws Exception {
        HeldResolver dns = new HeldResolver(InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 include:a.example include:b.example include:c.example -all")
            .txt("a.example", "v=spf1 ip4:192.0.2.1 -all")
            .txt("b.example", "v=spf1 ip4:192.0.2.2 -all")
            .txt("c.example", "v=spf1 ip4:192.0.2.3 -all")
            .build());

        SpfResult result = check(dns, "192.0.2.3", "x@example.org");

        assertThat(result.code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(result.mechanism()).hasValue("include:c.example");
        assertThat(result.lookups()).isEqualTo(3);
        assertThat(dns.maxInFlight).isEqualTo(3);
    }

    @Test
    void prefetchingStaysWithinTheLookupLimit() throws Exception {
        StringBuilder record = new StringBuilder("v=spf1");
        InMemoryDnsResolver.Builder zone = InMemoryDnsResolver.builder();
        for (int i = 0; i < 30; i++) {
            record.append(" include:i").append(i).append(".example");
            zone.txt("i" + i + ".example", "v=spf1 -all");
        }
        HeldResolver dns = new HeldResolver(zone.txt("example.org", record + " ~all").build());

        SpfResult result = check(dns, "192.0.2.3", "x@example.org");

        assertThat(result.code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(result.lookups()).isEqualTo(11);
        assertThat(dns.asked).hasSize(1 + 10);
    }

    @Test
    void mxExchangersAreAskedForTogether() throws Exception {
        HeldResolver dns = new HeldResolver(InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 mx -all")
            .mx("example.org", 10, "mx1.example.org")
            .mx("example.org", 20, "mx2.example.org")
            .mx("example.org", 30, "mx3.example.org")
            .a("mx1.example.org", "192.0.2.1")
            .a("mx2.example.org", "192.0.2.2")
            .a("mx3.example.org", "192.0.2.3")
            .build());

        assertThat(check(dns, "192.0.2.2", "x@example.org").code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(dns.maxInFlight).isEqualTo(3);
    }

    @Test
    void aFailureAfterTheFirstMatchingExchangerDoesNotMatter() throws Exception {
        InMemoryDnsResolver source = InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 mx -all")
            .mx("example.org", 10, "mx1.example.org")
            .mx("example.org", 20, "mx2.example.org")
            .a("mx1.example.org", "192.0.2.1")
            .temporaryFailure("mx2.example.org")
            .build();

        assertThat(check(new HeldResolver(source), "192.0.2.1", "x@example.org").code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(check(new HeldResolver(source), "192.0.2.9", "x@example.org").code()).isEqualTo(SpfResult.Code.TEMPERROR);
    }

}
