package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 8259 output. */
class JsonObjectTest {

    @Test
    void membersKeepTheirOrderAndValuesTheirType() {
        assertThat(new JsonObject().put("b", 1).put("a", true).put("n", null).put("l", List.of("x", 2)).toString())
            .isEqualTo("{\"b\":1,\"a\":true,\"n\":null,\"l\":[\"x\",2]}");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(new JsonObject().put("s", "a\"b\\c\nd\u0001").toString())
            .isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\"}");
    }
}
