package org.mailauth.benchmarks;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.MxHost;

/** Answers like another resolver, each answer {@code delayMillis} later (a timer, not a thread per query); counts queries. */
final class DelayedResolver implements DnsResolver, AutoCloseable {

    private final DnsResolver source;
    private final long delayMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delayed-dns");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger queries = new AtomicInteger();

    DelayedResolver(DnsResolver source, long delayMillis) {
        this.source = source;
        this.delayMillis = delayMillis;
    }

    int queries() {
        return queries.get();
    }

    void resetQueries() {
        queries.set(0);
    }

    private <T> CompletionStage<DnsAnswer<T>> later(CompletionStage<DnsAnswer<T>> answer) {
        queries.incrementAndGet();
        CompletableFuture<DnsAnswer<T>> delayed = new CompletableFuture<>();
        timer.schedule(() -> answer.thenAccept(delayed::complete), delayMillis, TimeUnit.MILLISECONDS);
        return delayed;
    }

    @Override
    public CompletionStage<DnsAnswer<String>> txt(String name) {
        return later(source.txt(name));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
        return later(source.a(name));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
        return later(source.aaaa(name));
    }

    @Override
    public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
        return later(source.mx(name));
    }

    @Override
    public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
        return later(source.ptr(address));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
