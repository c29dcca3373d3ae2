package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** RFC 6376 §3.4.3 (simple) and §3.4.4 (relaxed) body canonicalization, and the example of §3.4.5. */
class BodyCanonicalizerTest {

    private static String canonical(Canonicalization canonicalization, String body, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.of(canonicalization, out::write);
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += chunk) {
            canonicalizer.update(bytes, i, Math.min(chunk, bytes.length - i));
        }
        canonicalizer.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String simple(String body) {
        return canonical(Canonicalization.SIMPLE, body, 4096);
    }

    private static String relaxed(String body) {
        return canonical(Canonicalization.RELAXED, body, 4096);
    }

    @Test
    void theExampleOfSection345() {
        String body = " C \r\nD \t E\r\n\r\n\r\n";

        assertThat(simple(body)).isEqualTo(" C \r\nD \t E\r\n");
        assertThat(relaxed(body)).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void simpleKeepsWhitespaceAndDropsOnlyEmptyTrailingLines() {
        assertThat(simple("a  \r\n  \r\n\r\n")).isEqualTo("a  \r\n  \r\n");
    }

    @Test
    void anEmptyBodyIsOneCrlfForSimpleAndNothingForRelaxed() {
        assertThat(simple("")).isEqualTo("\r\n");
        assertThat(simple("\r\n\r\n")).isEqualTo("\r\n");
        assertThat(relaxed("")).isEmpty();
        assertThat(relaxed(" \r\n\t\r\n")).isEmpty();
    }

    @Test
    void aMissingFinalCrlfIsAdded() {
        assertThat(simple("last line")).isEqualTo("last line\r\n");
        assertThat(relaxed("last line  ")).isEqualTo("last line\r\n");
    }

    @Test
    void emptyLinesInsideTheBodyStay() {
        assertThat(relaxed("a\r\n\r\n \r\nb\r\n\r\n")).isEqualTo("a\r\n\r\n\r\nb\r\n");
        assertThat(simple("a\r\n\r\nb\r\n\r\n")).isEqualTo("a\r\n\r\nb\r\n");
    }

    @Test
    void bareLineFeedsAreLineEnds() {
        assertThat(simple("a\nb\n\n")).isEqualTo("a\r\nb\r\n");
        assertThat(relaxed("a \nb\t\n")).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void aCarriageReturnWithoutLineFeedIsContent() {
        assertThat(simple("a\rb\r\n")).isEqualTo("a\rb\r\n");
        assertThat(relaxed("a\r b\r\n")).isEqualTo("a\r b\r\n");
    }

    @Test
    void relaxedReducesInnerWhitespaceAndKeepsLeadingWhitespaceAsOneSpace() {
        assertThat(relaxed("\t\ta  \t b\r\n")).isEqualTo(" a b\r\n");
    }

    @Test
    void eightBitOctetsAreContent() {
        assertThat(relaxed("caf\u00e9 \u00ff\r\n")).isEqualTo("caf\u00e9 \u00ff\r\n");
    }

    /** RFC 6376 §3.4.4 read literally, line by line: the reference the streaming canonicalizer must match. */
    private static String referenceRelaxed(String body) {
        String[] lines = body.replace("\r\n", "\n").split("\n", -1);
        StringBuilder out = new StringBuilder();
        int lastContent = -1;
        String[] canonical = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            boolean lastWithoutBreak = i == lines.length - 1;
            if (lastWithoutBreak && lines[i].isEmpty()) {
                canonical[i] = null;
                continue;
            }
            canonical[i] = lines[i].replaceAll("[ \t]+", " ").replaceAll(" $", "");
            if (!canonical[i].isEmpty()) {
                lastContent = i;
            }
        }
        for (int i = 0; i <= lastContent; i++) {
            out.append(canonical[i]).append("\r\n");
        }
        return out.toString();
    }

    @Test
    void relaxedMatchesTheReferenceOnLongRealisticText() {
        Random random = new Random(7);
        String[] pieces = {"word", "longerword", "x", " ", " ", " ", "  ", "\t", " \t ", "\r\n", "\r\n", "\n", "\r\n\r\n",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", "caf\u00e9", ".", "\r"};
        for (int round = 0; round < 300; round++) {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(400); i > 0; i--) {
                body.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = body.toString();
            if (text.contains("\r") && text.replace("\r\n", "").contains("\r")) {
                continue;
            }
            String expected = referenceRelaxed(text);
            for (int chunk : new int[] {1 << 20, 1, 7, 8, 9, 100}) {
                assertThat(canonical(Canonicalization.RELAXED, text, chunk)).as("chunk %d of %s", chunk, text).isEqualTo(expected);
            }
        }
    }

    @Test
    void relaxedHandlesBase64LinesAndTheirEnds() {
        String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3";
        String body = line + "\r\n" + line + " \r\n" + line + "\r\n\r\n" + line + "  x\r\n\r\n\r\n";

        assertThat(relaxed(body)).isEqualTo(line + "\r\n" + line + "\r\n" + line + "\r\n\r\n" + line + " x\r\n");
    }

    @Test
    void theOutputDoesNotDependOnHowTheInputIsChunked() {
        Random random = new Random(42);
        String alphabet = "ab \t\r\n\r\n.";
        for (int round = 0; round < 200; round++) {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (Canonicalization canonicalization : Canonicalization.values()) {
                String whole = canonical(canonicalization, body.toString(), 1 << 20);
                assertThat(canonical(canonicalization, body.toString(), 1)).as(body.toString()).isEqualTo(whole);
                assertThat(canonical(canonicalization, body.toString(), 3)).as(body.toString()).isEqualTo(whole);
            }
        }
    }
}
