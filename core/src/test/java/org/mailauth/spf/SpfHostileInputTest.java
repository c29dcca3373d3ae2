package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * Hostile SPF records and macros (issue 9): parsing ends in a record or an SpfSyntaxException, and a whole check of a
 * hostile record ends in a result (permerror at worst), never another exception. Seeded and bounded.
 */
class SpfHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final long MAX = Mutator.limit(50_000);
    private static final String RECORD = "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a:%{d} mx/24//64 include:_spf.%{d2} "
        + "exists:%{ir}.%{v}._spf.%{d} ptr:%{l}.example -all redirect=%{o} exp=explain.%{d}";

    private static void report(String parser, long tried) {
        System.out.println("fuzz " + parser + ": " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    @Test
    void recordsNeverThrowAnythingButSyntaxErrors() {
        Mutator mutator = new Mutator(Mutator.seed(7208), List.of(RECORD, "v=spf1 -all", "v=spf1 a mx ?all"));
        report("SpfRecord.parse", mutator.run(BUDGET, MAX, text -> {
            try {
                SpfRecord.parse(text);
            } catch (SpfSyntaxException e) {
                // permerror
            }
        }));
    }

    @Test
    void aCheckOfAHostileRecordEndsInAResult() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.10");
        Mutator mutator = new Mutator(Mutator.seed(4408), List.of(RECORD, "v=spf1 include:%{l}%{l}%{l}%{l} -all"));
        report("SpfVerifier.checkMailFrom", mutator.run(BUDGET, Mutator.limit(3_000), text -> {
            InMemoryDnsResolver dns = InMemoryDnsResolver.builder().txt("example.org", text).txt("_spf.example.org", text).build();
            SpfResult result = new SpfVerifier(dns, SpfSettings.defaults()).checkMailFrom(client, "user+tag@example.org", "mail.example.org")
                .toCompletableFuture().join();
            assertThat(result.code()).isNotNull();
        }));
    }
}
