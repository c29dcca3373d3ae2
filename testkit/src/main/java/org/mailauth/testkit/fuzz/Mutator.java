package org.mailauth.testkit.fuzz;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Mutation fuzzing for the parsers of outside data: takes valid seeds and applies random edits (insert, delete,
 * duplicate, replace, splice two seeds) drawn towards the characters parsers care about (separators, quotes,
 * escapes, line ends, NUL, non-ASCII, very long runs). Seeded, so a failure replays; bounded by a time budget and an
 * input count. The test asserts that every input ends in a result or a documented exception.
 */
public final class Mutator {

    private static final String[] PIECES = {";", "=", ":", ",", "\"", "\\", "<", ">", "@", "(", ")", "[", "]", ".", "!", "%", "{",
        "}", "/", " ", "\t", "\r\n", "\n", "\r", "\r\n ", "\0", "\u00e9", "\u4e2d", "\ud83d\ude00", "\uffff", "xn--", "-", "_", "*",
        "v=", "p=", "DMARC1", "DKIM1", "spf1", "all", "include:", "redirect=", "%{", "%{l}", "%{d10r}", "a:", "mx:", "ip4:", "ip6:",
        "0", "4294967296", "-1", "999999999999999999999", "b=", "bh=", "h=", "d=", "s=", "l=", "x=", "t=", "k=", "ed25519"};

    private final Random random;
    private final List<String> seeds;

    public Mutator(long seed, List<String> seeds) {
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
    }

    /** One mutated input. */
    public String next() {
        StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int position = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(7)) {
                case 0:
                    text.insert(position, PIECES[random.nextInt(PIECES.length)]);
                    break;
                case 1:
                    if (text.length() > 0) {
                        int end = Math.min(text.length(), position + 1 + random.nextInt(8));
                        text.delete(Math.min(position, text.length() - 1), end);
                    }
                    break;
                case 2:
                    text.insert(position, (char) random.nextInt(0x80));
                    break;
                case 3:
                    if (text.length() > 0 && position < text.length()) {
                        text.setCharAt(position, PIECES[random.nextInt(PIECES.length)].charAt(0));
                    }
                    break;
                case 4:
                    String other = seeds.get(random.nextInt(seeds.size()));
                    text.insert(position, other.substring(random.nextInt(other.length() + 1)));
                    break;
                case 5:
                    if (text.length() > 0) {
                        int from = random.nextInt(text.length());
                        int end = Math.min(text.length(), from + 1 + random.nextInt(16));
                        String run = text.substring(from, end);
                        text.insert(position, run.repeat(1 + random.nextInt(random.nextInt(20) == 0 ? 5000 : 8)));
                    }
                    break;
                default:
                    text.insert(position, PIECES[random.nextInt(PIECES.length)].repeat(1 + random.nextInt(3)));
            }
        }
        return text.toString();
    }

    /** The time budget per parser: 4 s, or {@code -Dmailauth.fuzz.seconds=N} for a longer campaign. */
    public static Duration budget() {
        return Duration.ofSeconds(Long.getLong("mailauth.fuzz.seconds", 4));
    }

    /** The input limit per parser: {@code defaultLimit}, or {@code -Dmailauth.fuzz.inputs=N}. */
    public static long limit(long defaultLimit) {
        return Long.getLong("mailauth.fuzz.inputs", defaultLimit);
    }

    /** The seed: {@code fixed}, or {@code -Dmailauth.fuzz.seed=N} to explore elsewhere (a failure names its input). */
    public static long seed(long fixed) {
        return Long.getLong("mailauth.fuzz.seed", fixed);
    }

    /** Feeds {@code parser} inputs until {@code budget} or {@code maxInputs}; returns how many it tried. */
    public long run(Duration budget, long maxInputs, Consumer<String> parser) {
        long deadline = System.nanoTime() + budget.toNanos();
        long tried = 0;
        while (tried < maxInputs && System.nanoTime() < deadline) {
            parser.accept(next());
            tried++;
        }
        return tried;
    }
}
