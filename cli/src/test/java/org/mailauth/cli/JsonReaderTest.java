package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 8259 input of the batch commands. */
class JsonReaderTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiterals() {
        assertThat(JsonReader.read("{\"a\": [1, 2.5, \"x\"], \"b\": true, \"c\": null, \"d\": {}}")).isEqualTo(
            new java.util.LinkedHashMap<>(Map.of("a", List.of(new BigDecimal("1"), new BigDecimal("2.5"), "x"), "b", true, "d", Map.of())) {
                {
                    put("c", null);
                }
            });
    }

    @Test
    void stringEscapesAreDecoded() {
        assertThat(JsonReader.read("\"a\\\"b\\\\c\\u00e9\\n\"")).isEqualTo("a\"b\\cé\n");
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> JsonReader.read("{\"a\" 1}")).hasMessageContaining("character 6").hasMessageContaining("':' expected");
        assertThatThrownBy(() -> JsonReader.read("[1, 2")).hasMessageContaining("']' expected");
        assertThatThrownBy(() -> JsonReader.read("{} x")).hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> JsonReader.read("\"abc")).hasMessageContaining("unterminated string");
    }
}
