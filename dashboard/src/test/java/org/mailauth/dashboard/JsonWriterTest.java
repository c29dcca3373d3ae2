package org.mailauth.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 8259 text, written in ASCII whatever the data: escapes (§7) for everything but printable ASCII and markup. */
class JsonWriterTest {

    private static String string(String value) {
        return new JsonWriter().value(value).toString();
    }

    @Test
    void quotationMarkAndReverseSolidusAreEscaped() {
        assertThat(string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void markupIsWrittenAsEscapesSoThatTheTextIsInertInAPageOrAScript() {
        assertThat(string("<img src=x onerror=alert(1)>")).isEqualTo("\"\\u003cimg src=x onerror=alert(1)\\u003e\"");
        assertThat(string("</script>&'")).isEqualTo("\"\\u003c/script\\u003e\\u0026\\u0027\"");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(string("\n\r\t\u0000\u001f\u007f")).isEqualTo("\"\\n\\r\\t\\u0000\\u001f\\u007f\"");
    }

    @Test
    void everythingBeyondAsciiIsAnEscapeSoTheTextIsAsciiWhateverItsCharset() {
        assertThat(string("é\u2028😀")).isEqualTo("\"\\u00e9\\u2028\\ud83d\\ude00\"");
    }

    @Test
    void aLoneSurrogateOfHostileDataSurvivesAsAnEscapeNotAsAnInvalidByte() {
        assertThat(string("a\ud800b")).isEqualTo("\"a\\ud800b\"");
    }

    @Test
    void theTextIsPrintableAsciiForEveryCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            all.append(c);
        }
        String json = string(all.toString());

        assertThat(json.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).isTrue();
        assertThat(json).doesNotContain("<", ">", "&", "'");
    }

    @Test
    void numbersAreNumbersAndMembersAreSeparatedByCommas() {
        String json = new JsonWriter().beginObject().member("a", 1).member("b", -5).name("c").beginArray()
            .beginObject().member("d", "x").endObject().beginObject().endObject().value(Long.MAX_VALUE).nullValue().endArray()
            .endObject().toString();

        assertThat(json).isEqualTo("{\"a\":1,\"b\":-5,\"c\":[{\"d\":\"x\"},{},9223372036854775807,null]}");
    }
}
