package org.mailauth.benchmarks;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfSettings;
import org.mailauth.spf.SpfVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SPF evaluations per second of the provider-shaped tree of {@link SpfTree} (8 DNS-querying terms, 50 ip4
 * networks), mailauth against jSPF 1.0.4, both reading the same records from memory so that only the
 * engines are measured. "pass" matches the last network of the tree; "softfail" walks all and ends at ~all.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpfBenchmark {

    private SpfVerifier mailauth;
    private JspfChecker jspf;
    private InetAddress permitted;
    private InetAddress unknown;

    @Setup
    public void setUp() throws Exception {
        SpfTree tree = new SpfTree();
        mailauth = new SpfVerifier(tree.mailauthResolver(), SpfSettings.defaults());
        jspf = new JspfChecker(tree.jspfResolver());
        permitted = InetAddress.getByName(SpfTree.LAST_PERMITTED_IP);
        unknown = InetAddress.getByName(SpfTree.UNKNOWN_IP);
        expect("pass", mailauthPass().code().keyword(), jspfPass());
        expect("softfail", mailauthSoftfail().code().keyword(), jspfSoftfail());
        if (mailauthPass().lookups() != 8) {
            throw new IllegalStateException("the tree should take 8 DNS-querying terms, not " + mailauthPass().lookups());
        }
    }

    private static void expect(String wanted, String mailauthResult, String jspfResult) {
        if (!wanted.equals(mailauthResult) || !wanted.equals(jspfResult)) {
            throw new IllegalStateException("expected " + wanted + " from both, got mailauth=" + mailauthResult + " jSPF=" + jspfResult);
        }
    }

    @Benchmark
    public SpfResult mailauthPass() {
        return mailauth.checkMailFrom(permitted, SpfTree.SENDER, "mail.example.com").toCompletableFuture().join();
    }

    @Benchmark
    public String jspfPass() {
        return jspf.check(SpfTree.LAST_PERMITTED_IP, SpfTree.SENDER, "mail.example.com");
    }

    @Benchmark
    public SpfResult mailauthSoftfail() {
        return mailauth.checkMailFrom(unknown, SpfTree.SENDER, "mail.example.com").toCompletableFuture().join();
    }

    @Benchmark
    public String jspfSoftfail() {
        return jspf.check(SpfTree.UNKNOWN_IP, SpfTree.SENDER, "mail.example.com");
    }
}
