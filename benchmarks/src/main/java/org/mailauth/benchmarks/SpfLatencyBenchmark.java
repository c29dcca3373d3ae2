package org.mailauth.benchmarks;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wall time of one SPF evaluation of the {@link SpfTree} when every DNS answer takes 10 ms, against
 * the sum of its queries' times if they were made one after another (queries × 10 ms; printed at setup).
 * mailauth asks for include targets as soon as a record is parsed; jSPF 1.0.4 asks one after another.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpfLatencyBenchmark {

    static final long DELAY_MILLIS = 10;

    private DelayedResolver delayed;
    private SpfVerifier mailauth;
    private JspfChecker jspf;
    private final AtomicInteger jspfQueries = new AtomicInteger();
    private InetAddress permitted;

    @Setup
    public void setUp() throws Exception {
        SpfTree tree = new SpfTree();
        delayed = new DelayedResolver(tree.mailauthResolver(), DELAY_MILLIS);
        mailauth = new SpfVerifier(delayed, SpfSettings.defaults());
        jspf = new JspfChecker(sleeping(tree.jspfResolver(), jspfQueries));
        permitted = InetAddress.getByName(SpfTree.LAST_PERMITTED_IP);
        delayed.resetQueries();
        SpfResult result = mailauth();
        jspfQueries.set(0);
        String jspfResult = jspf();
        if (result.code() != SpfResult.Code.PASS || !jspfResult.equals("pass")) {
            throw new IllegalStateException("expected pass from both, got mailauth=" + result.code() + " jSPF=" + jspfResult);
        }
        System.out.println("mailauth: " + delayed.queries() + " queries, sequential sum " + delayed.queries() * DELAY_MILLIS
            + " ms; jSPF: " + jspfQueries.get() + " queries, sequential sum " + jspfQueries.get() * DELAY_MILLIS + " ms");
    }

    @TearDown
    public void tearDown() {
        delayed.close();
    }

    @Benchmark
    public SpfResult mailauth() {
        return mailauth.checkMailFrom(permitted, SpfTree.SENDER, "mail.example.com").toCompletableFuture().join();
    }

    @Benchmark
    public String jspf() {
        return jspf.check(SpfTree.LAST_PERMITTED_IP, SpfTree.SENDER, "mail.example.com");
    }

    /** jSPF resolves synchronously: each query blocks its thread for the delay. */
    private static DNSService sleeping(DNSService source, AtomicInteger queries) {
        return new DNSService() {
            @Override
            public List<String> getRecords(DNSRequest request) throws org.apache.james.jspf.core.exceptions.TimeoutException {
                queries.incrementAndGet();
                try {
                    Thread.sleep(DELAY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return source.getRecords(request);
            }

            @Override
            public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
                return source.getRecordsAsync(request);
            }

            @Override
            public List<String> getLocalDomainNames() {
                return source.getLocalDomainNames();
            }

            @Override
            public void setTimeOut(int timeOut) {
                source.setTimeOut(timeOut);
            }

            @Override
            public int getRecordLimit() {
                return source.getRecordLimit();
            }

            @Override
            public void setRecordLimit(int limit) {
                source.setRecordLimit(limit);
            }
        };
    }
}
