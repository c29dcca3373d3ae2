package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailauth.message.HeaderField;

/** RFC 6376 §3.4.1 (simple) and §3.4.2 (relaxed) header canonicalization, and the example of §3.4.5. */
class HeaderCanonicalizerTest {

    @Test
    void theExampleOfSection345() {
        HeaderField a = HeaderField.of("A: X");
        HeaderField b = HeaderField.of("B : Y\t\r\n\tZ  ");

        assertThat(HeaderCanonicalizer.canonicalize(a, Canonicalization.SIMPLE)).isEqualTo("A: X");
        assertThat(HeaderCanonicalizer.canonicalize(b, Canonicalization.SIMPLE)).isEqualTo("B : Y\t\r\n\tZ  ");
        assertThat(HeaderCanonicalizer.canonicalize(a, Canonicalization.RELAXED)).isEqualTo("a:X");
        assertThat(HeaderCanonicalizer.canonicalize(b, Canonicalization.RELAXED)).isEqualTo("b:Y Z");
    }

    @Test
    void relaxedLowerCasesTheNameOnly() {
        assertThat(HeaderCanonicalizer.canonicalize(HeaderField.of("SUBJECT: Hello World"), Canonicalization.RELAXED))
            .isEqualTo("subject:Hello World");
    }

    @Test
    void relaxedUnfoldsAndCollapsesWhitespace() {
        assertThat(HeaderCanonicalizer.canonicalize(HeaderField.of("To: a@example.com,\r\n \t b@example.com"), Canonicalization.RELAXED))
            .isEqualTo("to:a@example.com, b@example.com");
    }

    @Test
    void anEmptyValueStaysEmpty() {
        assertThat(HeaderCanonicalizer.canonicalize(HeaderField.of("Subject:   "), Canonicalization.RELAXED)).isEqualTo("subject:");
    }
}
