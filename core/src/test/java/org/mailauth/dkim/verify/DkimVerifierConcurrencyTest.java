package org.mailauth.dkim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.Messages;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.MxHost;

/**
 * A signature is verified on whichever thread completes its key lookup (RFC 6376 §6.1.2). Signatures with the same
 * body canonicalization, hash and l= share one body hash (§3.7); it is computed once, when the body ends, and every
 * signature reads the same finished value, however many threads answer their keys at once.
 */
class DkimVerifierConcurrencyTest {

    private static final int SIGNATURES = 8;
    private static final int THREADS = 4;
    private static final int ROUNDS = 5000;

    private final ExecutorService answering = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopThreads() throws InterruptedException {
        answering.shutdownNow();
        answering.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Holds the TXT answers of a zone, then completes them all at once from {@link #THREADS} threads. */
    private final class ThreadedResolver implements DnsResolver {
        private final DnsResolver zone;
        private final List<Runnable> held = new ArrayList<>();

        ThreadedResolver(DnsResolver zone) {
            this.zone = zone;
        }

        @Override
        public synchronized CompletionStage<DnsAnswer<String>> txt(String name) {
            CompletableFuture<DnsAnswer<String>> later = new CompletableFuture<>();
            DnsAnswer<String> answer = zone.txt(name).toCompletableFuture().join();
            held.add(() -> later.complete(answer));
            return later;
        }

        /**
         * Every held answer, completed by the threads together: they spin until all stand ready, so that they run the
         * verifications that follow at the same moment rather than one after the other as they are woken.
         */
        void answerAll() {
            List<Runnable> answers;
            synchronized (this) {
                answers = new ArrayList<>(held);
                held.clear();
            }
            AtomicInteger ready = new AtomicInteger();
            for (int thread = 0; thread < THREADS; thread++) {
                int first = thread;
                answering.execute(() -> {
                    ready.incrementAndGet();
                    while (ready.get() < THREADS) {
                        Thread.yield();
                    }
                    for (int i = first; i < answers.size(); i += THREADS) {
                        answers.get(i).run();
                    }
                });
            }
        }

        @Override
        public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
            return zone.a(name);
        }

        @Override
        public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
            return zone.aaaa(name);
        }

        @Override
        public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
            return zone.mx(name);
        }

        @Override
        public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
            return zone.ptr(address);
        }
    }

    @Test
    void signaturesSharingABodyHashAllPassWhenTheirKeysArriveOnSeveralThreadsAtOnce() throws Exception {
        InMemoryDnsResolver.Builder zone = InMemoryDnsResolver.builder();
        String message = Messages.PLAIN;
        for (int i = 1; i <= SIGNATURES; i++) {
            String domain = "d" + i + ".example";
            zone.txt("sel._domainkey." + domain, TestKeys.rsa2048("sel").publicKeyRecord());
            message = new TestSigner("sel").tag("d", domain).tag("c", "relaxed/simple").sign(message);
        }
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        ThreadedResolver dns = new ThreadedResolver(zone.build());
        DkimVerifier verifier = new DkimVerifier(dns, DkimSettings.defaults());

        int failedMessages = 0;
        List<String> reasons = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            DkimVerifier.Session session = verifier.start();
            session.write(bytes, 0, bytes.length);
            CompletableFuture<DkimVerification> verification = session.finish().toCompletableFuture();
            dns.answerAll();
            List<DkimSignatureResult> signatures = verification.get(30, TimeUnit.SECONDS).signatures();
            assertThat(signatures).hasSize(SIGNATURES);
            boolean failed = false;
            for (DkimSignatureResult signature : signatures) {
                if (signature.result() != DkimResult.PASS) {
                    failed = true;
                    reasons.add(signature.domain() + ": " + signature.result().keyword() + " " + signature.reason().orElse(""));
                }
            }
            if (failed) {
                failedMessages++;
            }
        }

        assertThat(reasons).as("%d of %d messages had a failing signature", failedMessages, ROUNDS).isEmpty();
    }
}
