package org.mailauth.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A message as it streams in (RFC 5322 §2.1): where the chunks end changes nothing. */
class MessageStreamTest {

    private static final String MESSAGE = "DKIM-Signature: v=1; h=date :\r\n\tfrom : to;\r\n\tb=x\r\n"
        + "From: Carol\r\n <c@example.org>\r\nX-Bare: lf\nSubject: s\r\n\r\nbody line\r\nFrom: not a field\r\n";

    private static final class Recorder extends MessageStream {
        HeaderSection section;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        protected void headers(HeaderSection read) {
            section = read;
        }

        @Override
        protected void body(byte[] bytes, int offset, int length) {
            body.write(bytes, offset, length);
        }
    }

    private static Recorder written(int chunk) {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        Recorder recorder = new Recorder();
        for (int offset = 0; offset < bytes.length; offset += chunk) {
            recorder.write(bytes, offset, Math.min(chunk, bytes.length - offset));
        }
        return recorder;
    }

    @Test
    void chunksOfAnySizeGiveTheSameFieldsAndBody() {
        Recorder whole = written(MESSAGE.length());
        assertThat(whole.section.fields()).extracting(HeaderField::name).containsExactly("DKIM-Signature", "From", "X-Bare", "Subject");
        assertThat(whole.section.values("From")).containsExactly(" Carol\r\n <c@example.org>");
        assertThat(whole.body.toString(StandardCharsets.US_ASCII)).isEqualTo("body line\r\nFrom: not a field\r\n");

        for (int chunk = 1; chunk < MESSAGE.length(); chunk++) {
            Recorder split = written(chunk);
            assertThat(split.section.fields()).as("chunks of %d octets", chunk).extracting(HeaderField::raw)
                .isEqualTo(whole.section.fields().stream().map(HeaderField::raw).collect(java.util.stream.Collectors.toList()));
            assertThat(split.body.toByteArray()).as("chunks of %d octets", chunk).isEqualTo(whole.body.toByteArray());
        }
    }
}
