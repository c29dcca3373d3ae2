package org.mailauth.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** New fields go on top of the header section (RFC 5322 §2.2), chosen fields are left out, the body is untouched. */
class FieldsOnTopStreamTest {

    private static String rewrite(String message, List<String> fields, String dropName, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FieldsOnTopStream stream = new FieldsOnTopStream(out, fields, (name, value) -> name.equalsIgnoreCase(dropName))) {
            byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < bytes.length; i += chunk) {
                stream.write(bytes, i, Math.min(chunk, bytes.length - i));
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theFieldsComeFirstInTheirOrderAndTheMessageFollowsUnchanged() throws Exception {
        String message = "Received: from a by b;\r\n\tSat, 28 Nov 2026 12:00:00 +0000\r\nSubject: hi\r\n\r\nBody\r\n\r\nmore\r\n";

        assertThat(rewrite(message, List.of("A: 1", "B: 2\r\n\tfolded"), "none", 7))
            .isEqualTo("A: 1\r\nB: 2\r\n\tfolded\r\n" + message);
    }

    @Test
    void droppedFieldsLeaveTogetherWithTheirContinuationLines() throws Exception {
        String message = "X-Drop: one\r\n two\r\nSubject: hi\r\nx-drop: three\r\n\r\nX-Drop: in the body stays\r\n";

        assertThat(rewrite(message, List.of("A: 1"), "X-Drop", 1))
            .isEqualTo("A: 1\r\nSubject: hi\r\n\r\nX-Drop: in the body stays\r\n");
    }

    @Test
    void bareLineFeedHeaderLinesEndTheHeaderSectionToo() throws Exception {
        assertThat(rewrite("Subject: hi\n\nbody\n", List.of("A: 1"), "none", 4096))
            .isEqualTo("A: 1\r\nSubject: hi\r\n\r\nbody\n");
    }

    @Test
    void aMessageWithoutBodyGetsItsEmptyLine() throws Exception {
        assertThat(rewrite("Subject: hi", List.of("A: 1"), "none", 4096)).isEqualTo("A: 1\r\nSubject: hi\r\n\r\n");
    }

    @Test
    void aMessageWithoutHeaderFieldsGetsOnlyTheNewOnes() throws Exception {
        assertThat(rewrite("\r\nbody\r\n", List.of("A: 1"), "none", 4096)).isEqualTo("A: 1\r\n\r\nbody\r\n");
    }

    @Test
    void aNewFieldWhoseLineBreaksAreNotFoldsIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new FieldsOnTopStream(out, List.of("Authentication-Results: mx; spf=pass\r\nX-Evil: 1"), (n, v) -> false))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Evil").hasMessageNotContaining("\r");
        assertThatThrownBy(() -> new FieldsOnTopStream(out, List.of("A: 1\rX-Evil: 1"), (n, v) -> false))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBareCarriageReturnBecomesAFoldSoNoFieldHidesBehindIt() throws Exception {
        String message = "X-Note: x\rAuthentication-Results: mx.example.com; dmarc=pass\r\nSubject: hi\r\n\r\nbody\rstays\r\n";

        assertThat(rewrite(message, List.of("A: 1"), "Authentication-Results", 5))
            .isEqualTo("A: 1\r\nX-Note: x\r\n Authentication-Results: mx.example.com; dmarc=pass\r\nSubject: hi\r\n\r\nbody\rstays\r\n");
    }

    @Test
    void newFieldsAreWrittenInUtf8() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FieldsOnTopStream stream = new FieldsOnTopStream(out, List.of("A: \"stra\u00dfe\""), (n, v) -> false)) {
            stream.write("S: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        assertThat(out.toByteArray()).startsWith("A: \"straße\"\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
