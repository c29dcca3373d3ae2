package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;
import org.xbill.DNS.Type;

/** The network resolver against a real DNS server on loopback (UDP and TCP). */
class DnsJavaResolverTest {

    private final List<LoopbackDnsServer> servers = new ArrayList<>();
    private static final List<DnsJavaResolver> RESOLVERS = new ArrayList<>();

    @AfterEach
    void stopServersAndResolvers() {
        servers.forEach(LoopbackDnsServer::close);
        RESOLVERS.forEach(DnsJavaResolver::close);
        RESOLVERS.clear();
    }

    private LoopbackDnsServer server(Zone zone) {
        LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        servers.add(server);
        return server;
    }

    private static DnsJavaResolver resolver(Duration timeout, int retries, LoopbackDnsServer... servers) {
        List<String> specs = new ArrayList<>();
        for (LoopbackDnsServer server : servers) {
            specs.add(server.hostAndPort());
        }
        DnsSettings settings = DnsSettings.builder().serverSpecs(specs).timeout(timeout).retries(retries).build();
        DnsJavaResolver resolver = new DnsJavaResolver(settings);
        RESOLVERS.add(resolver);
        return resolver;
    }

    private static DnsJavaResolver resolver(LoopbackDnsServer server) {
        return resolver(Duration.ofSeconds(2), 0, server);
    }

    private static <T> DnsAnswer<T> get(java.util.concurrent.CompletionStage<DnsAnswer<T>> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theCharacterStringsOfOneTxtRecordAreJoinedWithNothingInBetween() throws Exception {
        LoopbackDnsServer server = server(Zone.builder()
            .txt("example.com", "v=spf1 ip4:192.0.2.0/24 ", "-all")
            .build());

        DnsAnswer<String> answer = get(resolver(server).txt("example.com"));

        assertThat(answer.kind()).isEqualTo(DnsAnswer.Kind.RECORDS);
        assertThat(answer.records()).containsExactly("v=spf1 ip4:192.0.2.0/24 -all");
    }

    @Test
    void severalTxtRecordsStaySeparate() throws Exception {
        LoopbackDnsServer server = server(Zone.builder()
            .txt("example.com", "v=spf1 -all")
            .txt("example.com", "google-site-verification=abc")
            .build());

        assertThat(get(resolver(server).txt("example.com")).records())
            .containsExactlyInAnyOrder("v=spf1 -all", "google-site-verification=abc");
    }

    @Test
    void txtDataIsTakenLiterallyIncludingQuotesAndBackslashes() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().txt("example.com", "a\"b\\c;d").build());

        assertThat(get(resolver(server).txt("example.com")).records()).containsExactly("a\"b\\c;d");
    }

    @Test
    void aTwoKilobyteTxtAnswerTruncatedOverUdpArrivesOverTcp() throws Exception {
        String key = "v=DKIM1; k=rsa; p=" + "A".repeat(2048);
        LoopbackDnsServer server = server(Zone.builder().longTxt("big._domainkey.example.com", key).build());

        DnsAnswer<String> answer = get(resolver(server).txt("big._domainkey.example.com"));

        assertThat(answer.records()).containsExactly(key);
        assertThat(server.udpQueries()).isEqualTo(1);
        assertThat(server.tcpQueries()).isEqualTo(1);
    }

    @Test
    void aNameThatDoesNotExistIsNxdomain() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().txt("example.com", "v=spf1 -all").build());

        DnsAnswer<String> answer = get(resolver(server).txt("nowhere.example.com"));

        assertThat(answer.kind()).isEqualTo(DnsAnswer.Kind.NXDOMAIN);
        assertThat(answer.records()).isEmpty();
    }

    @Test
    void aNameWithoutRecordsOfTheTypeIsNodata() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().a("example.com", "192.0.2.1").build());

        assertThat(get(resolver(server).txt("example.com")).kind()).isEqualTo(DnsAnswer.Kind.NODATA);
    }

    @Test
    void anEmptyNonTerminalIsNodataNotNxdomain() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().txt("_dmarc.mail.example.com", "v=DMARC1; p=none").build());

        assertThat(get(resolver(server).txt("mail.example.com")).kind()).isEqualTo(DnsAnswer.Kind.NODATA);
    }

    @Test
    void negativeAnswersCarryTheSoaMinimumAsTtl() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().negativeTtl(42).a("example.com", "192.0.2.1").build());

        assertThat(get(resolver(server).txt("example.com")).ttl()).isEqualTo(Duration.ofSeconds(42));
        assertThat(get(resolver(server).txt("missing.example.com")).ttl()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void recordsCarryTheirSmallestTtl() throws Exception {
        LoopbackDnsServer server = server(Zone.builder()
            .ttl(600).a("example.com", "192.0.2.1")
            .ttl(60).a("example.com", "192.0.2.2")
            .build());

        DnsAnswer<InetAddress> answer = get(resolver(server).a("example.com"));

        assertThat(answer.records()).extracting(InetAddress::getHostAddress).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");
        assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void addressMailExchangerAndPointerRecordsAreDecoded() throws Exception {
        LoopbackDnsServer server = server(Zone.builder()
            .aaaa("example.com", "2001:db8::25")
            .mx("example.com", 10, "mx1.example.com")
            .mx("example.com", 20, "MX2.Example.com")
            .ptr("192.0.2.7", "mail.example.com")
            .ptr("2001:db8::25", "v6.example.com")
            .build());
        DnsJavaResolver resolver = resolver(server);

        assertThat(get(resolver.aaaa("example.com")).records()).extracting(InetAddress::getHostAddress)
            .containsExactly("2001:db8:0:0:0:0:0:25");
        assertThat(get(resolver.mx("example.com")).records())
            .containsExactlyInAnyOrder(new MxHost(10, "mx1.example.com"), new MxHost(20, "mx2.example.com"));
        assertThat(get(resolver.ptr(InetAddress.getByName("192.0.2.7"))).records()).containsExactly("mail.example.com");
        assertThat(get(resolver.ptr(InetAddress.getByName("2001:db8::25"))).records()).containsExactly("v6.example.com");
    }

    @Test
    void aliasesAreFollowedToTheirTarget() throws Exception {
        LoopbackDnsServer server = server(Zone.builder()
            .cname("selector._domainkey.example.com", "selector._domainkey.provider.example")
            .txt("selector._domainkey.provider.example", "v=DKIM1; p=abc")
            .build());

        assertThat(get(resolver(server).txt("selector._domainkey.example.com")).records()).containsExactly("v=DKIM1; p=abc");
    }

    @Test
    void servfailIsATemporaryFailure() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().fault("broken.example", Zone.Fault.SERVFAIL).build());

        DnsAnswer<String> answer = get(resolver(server).txt("broken.example"));

        assertThat(answer.kind()).isEqualTo(DnsAnswer.Kind.TEMPORARY_FAILURE);
        assertThat(answer.detail()).contains("SERVFAIL");
    }

    @Test
    void aGarbledAnswerIsATemporaryFailure() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().fault("garbled.example", Zone.Fault.GARBAGE).build());

        assertThat(get(resolver(server).txt("garbled.example")).kind()).isEqualTo(DnsAnswer.Kind.TEMPORARY_FAILURE);
    }

    @Test
    void aSilentServerGivesATemporaryFailureWithinTheConfiguredTime() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().fault("silent.example", Zone.Fault.SILENT).build());
        DnsJavaResolver resolver = resolver(Duration.ofMillis(300), 1, server);

        long start = System.nanoTime();
        DnsAnswer<String> answer = get(resolver.txt("silent.example"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.kind()).isEqualTo(DnsAnswer.Kind.TEMPORARY_FAILURE);
        assertThat(answer.detail()).contains("timeout after 300 ms");
        assertThat(server.queries("silent.example", "TXT")).isEqualTo(2);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofMillis(600 + 1000));
    }

    @Test
    void aRetryGoesToTheNextServer() throws Exception {
        LoopbackDnsServer silent = server(Zone.builder().fault("example.com", Zone.Fault.SILENT).build());
        LoopbackDnsServer working = server(Zone.builder().txt("example.com", "v=spf1 -all").build());

        DnsAnswer<String> answer = get(resolver(Duration.ofMillis(300), 1, silent, working).txt("example.com"));

        assertThat(answer.records()).containsExactly("v=spf1 -all");
        assertThat(silent.udpQueries()).isEqualTo(1);
        assertThat(working.udpQueries()).isEqualTo(1);
    }

    @Test
    void theAuthenticDataBitIsCarriedThrough() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().authenticated(true).txt("example.com", "v=DMARC1; p=reject").build());

        assertThat(get(resolver(server).txt("example.com")).authentic()).isTrue();
    }

    @Test
    void aNameThatCannotExistIsNxdomainWithoutAQuery() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().build());
        DnsJavaResolver resolver = resolver(server);

        assertThat(get(resolver.txt("a..example.com")).kind()).isEqualTo(DnsAnswer.Kind.NXDOMAIN);
        assertThat(get(resolver.txt("x".repeat(64) + ".example.com")).kind()).isEqualTo(DnsAnswer.Kind.NXDOMAIN);
        assertThat(server.udpQueries()).isZero();
    }

    @Test
    void namesAreCaseInsensitiveAndTheTrailingDotIsOptional() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().txt("example.com", "v=spf1 -all").build());
        DnsJavaResolver resolver = resolver(server);

        assertThat(get(resolver.txt("EXAMPLE.com.")).records()).containsExactly("v=spf1 -all");
    }

    /**
     * Where the common fork-join pool has parallelism 1 (2-CPU hosts; surefire runs these tests so), CompletableFuture
     * starts a thread per task sent to it: the resolver must not use it. Threads started in the JVM are counted.
     */
    @Test
    void twoThousandUncachedLookupsStartAHandfulOfThreadsNotOneEach() throws Exception {
        assertThat(ForkJoinPool.getCommonPoolParallelism()).as("surefire's argLine").isEqualTo(1);
        Zone.Builder zone = Zone.builder();
        int names = 2000;
        for (int i = 0; i < names; i++) {
            zone.txt("host" + i + ".example.com", "record " + i);
        }
        LoopbackDnsServer server = server(zone.build());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        DnsJavaResolver resolver = resolver(Duration.ofSeconds(1), 3, server);

        List<CompletableFuture<String>> lookups = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            lookups.add(resolver.txt("host" + i + ".example.com").toCompletableFuture()
                .thenApply(answer -> answer.records().get(0)));
        }
        CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        long started = threads.getTotalStartedThreadCount() - startedBefore;

        for (int i = 0; i < names; i++) {
            assertThat(lookups.get(i).get()).isEqualTo("record " + i);
        }
        System.out.println("threads started for " + names + " uncached lookups: " + started);
        assertThat(started).as("threads started for 2000 lookups").isLessThan(50);
    }

    @Test
    void theRecordTypeAskedIsTheRecordTypeSent() throws Exception {
        LoopbackDnsServer server = server(Zone.builder().a("example.com", "192.0.2.1").build());

        get(resolver(server).a("example.com"));

        assertThat(server.queries("example.com", Type.string(Type.A))).isEqualTo(1);
    }
}
