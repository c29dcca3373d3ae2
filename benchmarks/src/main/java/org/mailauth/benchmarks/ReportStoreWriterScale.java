package org.mailauth.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.mailauth.report.AggregateRow;
import org.mailauth.report.Observation;
import org.mailauth.report.PublishedPolicy;
import org.mailauth.report.ReportInterval;
import org.mailauth.report.jdbc.JdbcReportStore;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * How many report rows one PostgreSQL takes from N writer nodes at once (issue 19): each writer is a node flushing
 * its buffer as {@code AggregateReportSender} does at each poll, one {@link JdbcReportStore#add} of a batch of
 * distinct rows (policy domain, source IP, results) on a new connection; half of each batch's rows are also in the
 * other writers' batches (the same senders reach every node behind one MX), so writers increment the same rows.
 * Not a JMH benchmark: a wall-clock figure of the whole system (threads, connections, the database's locks).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.mailauth.benchmarks.ReportStoreWriterScale [WRITERS,...] [SECONDS] [ROWS]</pre>
 */
public final class ReportStoreWriterScale {

    private static final Instant DAY = Instant.parse("2026-11-30T00:00:00Z");

    private ReportStoreWriterScale() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> writerCounts = new ArrayList<>();
        for (String count : (args.length > 0 ? args[0] : "1,2,4,8").split(",")) {
            writerCounts.add(Integer.parseInt(count.trim()));
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            System.out.println("| Writers | Batches | Row upserts/s | Rows in the store | Failed batches |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int writers : writerCounts) {
                run(postgres, writers, seconds, rows);
            }
        }
    }

    private static void run(EmbeddedPostgres postgres, int writers, int seconds, int rows) throws Exception {
        String name = "scale" + writers;
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        }
        String url = postgres.getJdbcUrl("postgres", name);
        JdbcReportStore.Connections connections = () -> DriverManager.getConnection(url);
        new JdbcReportStore(connections).migrate();
        AtomicLong batches = new AtomicLong();
        AtomicLong upserts = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Map<Observation, Long> batch = batch(w, rows);
            JdbcReportStore store = new JdbcReportStore(connections);
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        store.add(batch);
                        batches.incrementAndGet();
                        upserts.addAndGet(batch.size());
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : running) {
            writer.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long stored;
        try (Connection connection = connections.open(); Statement statement = connection.createStatement();
             java.sql.ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM dmarc_report_row")) {
            result.next();
            stored = result.getLong(1);
        }
        System.out.printf("| %d | %d | %,.0f | %d | %d |%n", writers, batches.get(), upserts.get() / elapsed, stored, failures.get());
    }

    /** {@code rows} distinct rows: the first half shared by every writer, the second half this writer's own. */
    private static Map<Observation, Long> batch(int writer, int rows) {
        Map<Observation, Long> batch = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            boolean shared = i < rows / 2;
            String domain = "d" + (i % 50) + ".example";
            String ip = shared ? "198.51.100." + (i / 50) : "203.0." + writer + "." + (i / 50);
            PublishedPolicy policy = new PublishedPolicy(domain, "none", Optional.empty(), Optional.empty(), "r", "r", "treewalk",
                Optional.empty(), false);
            AggregateRow row = new AggregateRow(ip, domain, Optional.empty(), Optional.empty(), "none", true, true, List.of(),
                List.of(), Optional.empty(), Optional.empty());
            batch.merge(new Observation(ReportInterval.containing(DAY, Duration.ofDays(1)), policy, List.of("mailto:dmarc@" + domain), row),
                1L, Long::sum);
        }
        return batch;
    }
}
