package org.mailauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The {@code --batch} loop of {@code check} and {@code spf}: each non-blank input line starts its check at once, at
 * most {@link #IN_FLIGHT} are under way, and the output lines come in input order, flushed as they are ready.
 */
final class BatchPipeline {

    static final int IN_FLIGHT = 64;

    private BatchPipeline() {
    }

    /** {@code check} turns one input line into its output line; it never completes exceptionally. */
    static void run(BufferedReader lines, PrintWriter out, Function<String, CompletableFuture<String>> check) throws IOException {
        Deque<CompletableFuture<String>> window = new ArrayDeque<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            window.add(check.apply(line));
            while (window.size() >= IN_FLIGHT || !window.isEmpty() && window.peek().isDone()) {
                out.println(window.poll().join());
            }
            out.flush();
        }
        while (!window.isEmpty()) {
            out.println(window.poll().join());
        }
        out.flush();
    }
}
