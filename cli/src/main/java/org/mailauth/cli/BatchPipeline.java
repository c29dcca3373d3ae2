package org.mailauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The {@code --batch} loop of {@code check} and {@code spf}: each non-blank input line starts its check at once, at
 * most {@link #IN_FLIGHT} are under way, and the output lines come in input order, flushed as they are ready.
 */
final class BatchPipeline {

    static final int IN_FLIGHT = 64;

    private BatchPipeline() {
    }

    /** {@code check} turns one input line into its output line, on the reading thread; it never completes exceptionally. */
    static void run(BufferedReader lines, PrintWriter out, Function<String, CompletableFuture<String>> check) throws IOException {
        run(lines, out, check, Runnable::run);
    }

    /**
     * As {@link #run(BufferedReader, PrintWriter, Function)}, each line's check started on {@code workers}: what it does
     * before it waits for DNS (reading the message, hashing, verifying with cached keys) runs there, not on the reading
     * thread.
     */
    static void run(BufferedReader lines, PrintWriter out, Function<String, CompletableFuture<String>> check, Executor workers)
        throws IOException {
        Deque<CompletableFuture<String>> window = new ArrayDeque<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String taken = line;
            window.add(CompletableFuture.supplyAsync(() -> check.apply(taken), workers).thenCompose(Function.identity()));
            while (window.size() >= IN_FLIGHT || !window.isEmpty() && window.peek().isDone()) {
                out.println(result(window.poll()));
            }
            out.flush();
        }
        while (!window.isEmpty()) {
            out.println(result(window.poll()));
        }
        out.flush();
    }

    /** The output line; a check that failed after all (a bug) fails the command as it would on the reading thread. */
    private static String result(CompletableFuture<String> check) {
        try {
            return check.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }
}
