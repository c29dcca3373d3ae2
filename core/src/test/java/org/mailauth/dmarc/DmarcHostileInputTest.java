package org.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * Hostile input to the DMARC parsers (issue 9): mutated records, From fields and whole evaluations end in a result,
 * never an exception. Seeded and bounded; the number of inputs tried is printed.
 */
class DmarcHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final long MAX = Mutator.limit(50_000);

    private static void report(String parser, long tried) {
        System.out.println("fuzz " + parser + ": " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    @Test
    void policyRecordsNeverThrow() {
        Mutator mutator = new Mutator(Mutator.seed(9989), List.of("v=DMARC1; p=reject; sp=quarantine; np=none; adkim=s; aspf=r; pct=50; "
            + "rua=mailto:a@example.com!10m,mailto:b@example.net; ruf=mailto:f@example.com; fo=1:d:s; psd=n; t=y; ri=3600",
            "v=DMARC1;p=none", "v=DMARC1; rua=mailto:x@example.org"));
        report("DmarcRecord.parse", mutator.run(BUDGET, MAX, text -> {
            for (DmarcMode mode : DmarcMode.values()) {
                DmarcRecord.parse(text, mode).ifPresent(record -> {
                    record.appliesDmarc();
                    record.policy();
                    record.nonExistentSubdomainPolicy();
                    record.aggregateUris();
                    record.failureOptions();
                });
            }
        }));
    }

    @Test
    void fromFieldsNeverThrow() {
        Mutator mutator = new Mutator(Mutator.seed(5322), List.of("\"Alice, (HR)\" <alice@example.com>", "bob@example.org (Bob)",
            "friends: a@example.com, b@example.net;", "<@route.example:c@example.com>", "J\u00fcrgen <j@b\u00fccher.example>",
            "\"very.(),:;<>[]\\\".unusual\"@example.com"));
        report("AuthorDomains.of", mutator.run(BUDGET, MAX, text -> AuthorDomains.of(List.of(text, text))));
    }

    @Test
    void evaluationOfHostileFromFieldsEndsInAResult() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder().txt("_dmarc.example.com", "v=DMARC1; p=reject").build();
        DmarcEvaluator evaluator = new DmarcEvaluator(dns, DmarcSettings.defaults());
        Mutator mutator = new Mutator(Mutator.seed(11), List.of("ceo@example.com", "a@b.c.d.e.f.g.h.i.j.k.example.com", "x@example.com, y@evil.example"));
        report("DmarcEvaluator.evaluate", mutator.run(BUDGET, Mutator.limit(5_000), text -> assertThat(evaluator
            .evaluate(List.of(text), Optional.empty(), List.of(), Optional.empty()).toCompletableFuture().join().code()).isNotNull()));
    }
}
