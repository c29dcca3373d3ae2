package org.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailauth.dns.DnsJavaResolver;
import org.mailauth.dns.DnsSettings;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * RFC 7208 §4.6.4 bounds the DNS-querying terms of one evaluation to 10 "to avoid unreasonable load on the
 * DNS"; §11.1 names the amplification it prevents. The policies of include and redirect targets are asked
 * for before evaluation reaches them, but from one budget for the whole evaluation: a query made ahead of
 * its term is outstanding until the term is evaluated, and outstanding queries never exceed the terms the
 * evaluation may still count. Queries are counted where an attacker would count them: at the DNS server,
 * through the production resolver.
 */
class SpfQueryBudgetTest {

    private static final String CLIENT = "192.0.2.77";

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private LoopbackDnsServer server;
    private DnsJavaResolver resolver;

    @AfterEach
    void stop() throws InterruptedException {
        if (resolver != null) {
            resolver.close();
        }
        if (server != null) {
            server.close();
        }
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private SpfResult check(Zone zone, String sender) throws Exception {
        server = LoopbackDnsServer.start(zone);
        server.udpLimit(4096);
        DnsSettings settings = DnsSettings.builder().serverSpecs(List.of(server.hostAndPort()))
            .timeout(Duration.ofSeconds(5)).retries(0).build();
        resolver = new DnsJavaResolver(settings, executor);
        return new SpfVerifier(resolver, SpfSettings.defaults())
            .checkMailFrom(InetAddress.getByName(CLIENT), sender, "helo.example").toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    }

    /** Every question is one query: the answers fit the EDNS0 UDP size, so none is asked again over TCP. */
    private int queries() {
        return server.udpQueries() + server.tcpQueries();
    }

    /**
     * Each record includes the next level first, then nine other records: the evaluation goes down the first
     * includes and ends with a permerror at its 11th term. Its own TXT queries are 11 (the domain and the 10
     * counted include targets); the top record's 9 other targets were asked for ahead, while the whole budget
     * was still unspent: 20. Budgets recomputed per record asked for the other targets at every level:
     * 1 + 10 + 9 + ... + 1 = 56.
     */
    @Test
    void aChainOfRecordsWithTenIncludesEachCostsTwentyQueriesNotFiftySix() throws Exception {
        Zone.Builder zone = Zone.builder();
        for (int level = 0; level <= 11; level++) {
            StringBuilder record = new StringBuilder("v=spf1 include:l" + (level + 1) + ".chain.example");
            for (int other = 2; other <= 10; other++) {
                String name = "o" + other + ".l" + level + ".chain.example";
                record.append(" include:").append(name);
                zone.txt(name, "v=spf1 -all");
            }
            zone.longTxt(level == 0 ? "chain.example" : "l" + level + ".chain.example", record + " -all");
        }

        SpfResult result = check(zone.build(), "someone@chain.example");

        assertThat(result.code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(result.lookups()).isEqualTo(11);
        assertThat(queries()).isEqualTo(20);
        assertThat(server.queries("l10.chain.example", "TXT")).isEqualTo(1);
        assertThat(server.queries("l11.chain.example", "TXT")).as("the 11th term is never evaluated").isZero();
    }

    /** A flat record of 30 includes: the 10 terms the evaluation may count are asked for together, and no more. */
    @Test
    void aRecordWithThirtyIncludesCostsElevenQueries() throws Exception {
        Zone.Builder zone = Zone.builder();
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 0; i < 30; i++) {
            record.append(" include:i").append(i).append(".flat.example");
            zone.txt("i" + i + ".flat.example", "v=spf1 -all");
        }

        SpfResult result = check(zone.longTxt("flat.example", record + " ~all").build(), "someone@flat.example");

        assertThat(result.code()).isEqualTo(SpfResult.Code.PERMERROR);
        assertThat(queries()).isEqualTo(1 + 10);
    }

    /**
     * A provider-shaped tree (the domain includes two providers, which include four and two netblock records)
     * that every evaluation walks to its end: each record is asked for once, 9 queries for 8 counted terms.
     */
    @Test
    void aTreeWalkedToItsEndAsksForEachRecordOnce() throws Exception {
        Zone zone = Zone.builder()
            .txt("tree.example", "v=spf1 include:p1.tree.example include:p2.tree.example -all")
            .txt("p1.tree.example", "v=spf1 include:n1.p1.tree.example include:n2.p1.tree.example"
                + " include:n3.p1.tree.example include:n4.p1.tree.example ~all")
            .txt("n1.p1.tree.example", "v=spf1 ip4:198.51.100.1 ~all")
            .txt("n2.p1.tree.example", "v=spf1 ip4:198.51.100.2 ~all")
            .txt("n3.p1.tree.example", "v=spf1 ip4:198.51.100.3 ~all")
            .txt("n4.p1.tree.example", "v=spf1 ip4:198.51.100.4 ~all")
            .txt("p2.tree.example", "v=spf1 include:n1.p2.tree.example include:n2.p2.tree.example ~all")
            .txt("n1.p2.tree.example", "v=spf1 ip4:198.51.100.5 ~all")
            .txt("n2.p2.tree.example", "v=spf1 ip4:" + CLIENT + " -all")
            .build();

        SpfResult result = check(zone, "someone@tree.example");

        assertThat(result.code()).isEqualTo(SpfResult.Code.PASS);
        assertThat(result.lookups()).isEqualTo(8);
        assertThat(queries()).isEqualTo(9);
    }
}
