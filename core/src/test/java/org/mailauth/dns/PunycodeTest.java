package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3492 §7.1: the sample strings and their encodings. */
class PunycodeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "(A) Arabic (Egyptian)       | ليهمابتكلموشعربي؟ | egbpdaj6bu4bxfgehfvwxn",
        "(B) Chinese (simplified)    | 他们为什么不说中文 | ihqwcrb4cv8a8dqg056pqjye",
        "(D) Czech                   | Pročprostěnemluvíčesky | Proprostnemluvesky-uyb24dma41a",
        "(L) Japanese, mixed         | 3年B組金八先生 | 3B-ww4c5e180e575a65lsy2b",
        "(M) Japanese, mixed         | 安室奈美恵-with-SUPER-MONKEYS | -with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n",
    })
    void theRfc3492SampleStringsEncodeAsTheRfcSays(String sample, String unicode, String encoded) {
        assertThat(Punycode.encode(unicode.codePoints().toArray())).isEqualTo(encoded);
    }
}
