package org.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Outside text inside the fields we write: never a line break (RFC 5322 §2.2), UTF-8 kept (RFC 6532 §3.2), capped. */
class FieldTextTest {

    @Test
    void controlCharactersAreShownAsVisibleEscapes() {
        assertThat(FieldText.visible("a\r\nb\tc\0d\u007fe\u0085f")).isEqualTo("a\\x0D\\x0Ab\\x09c\\x00d\\x7Fe\\x85f");
    }

    @Test
    void unicodeLineSeparatorsAndLoneSurrogatesAreEscapedOtherUnicodeIsKept() {
        assertThat(FieldText.visible("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        assertThat(FieldText.visible("x\ud800y")).isEqualTo("x\\uD800y");
        assertThat(FieldText.visible("straße \ud83d\ude00 中")).isEqualTo("straße \ud83d\ude00 中");
    }

    @Test
    void valuesAreCutAtTheLimitWithAnEllipsisNeverInsideAnEscape() {
        String cut = FieldText.value("\r".repeat(100));

        assertThat(cut).hasSizeLessThanOrEqualTo(FieldText.VALUE_LIMIT).endsWith("...");
        assertThat(cut.substring(0, cut.length() - 3)).matches("(\\\\x0D)+");
        assertThat(FieldText.value("x".repeat(FieldText.VALUE_LIMIT))).isEqualTo("x".repeat(FieldText.VALUE_LIMIT));
        assertThat(FieldText.value("x".repeat(FieldText.VALUE_LIMIT + 1))).hasSize(FieldText.VALUE_LIMIT).endsWith("x...");
    }

    @Test
    void aReasonQuotesOutsideTextEscapedAndShort() {
        assertThat(FieldText.quote("x\r\nX-Evil: 1")).isEqualTo("'x\\x0D\\x0AX-Evil: 1'");
        assertThat(FieldText.quote("y".repeat(500))).hasSize(FieldText.QUOTE_LIMIT + 2);
    }

    @Test
    void quotedStringsAndCommentsEscapeTheirDelimiters() {
        assertThat(FieldText.quotedString("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
        assertThat(FieldText.commentText("a (b) \\c")).isEqualTo("a \\(b\\) \\\\c");
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = FieldText.value("a\rb".repeat(200));

        assertThat(FieldText.value(once)).isEqualTo(once);
    }

    @Test
    void aFieldMayBreakLinesOnlyToFold() {
        assertThat(FieldText.isFolded("A: 1\r\n\t2\r\n 3")).isTrue();
        assertThat(FieldText.isFolded("A: 1\r\nB: 2")).as("a second field").isFalse();
        assertThat(FieldText.isFolded("A: 1\rB: 2")).as("bare CR").isFalse();
        assertThat(FieldText.isFolded("A: 1\nB: 2")).as("bare LF").isFalse();
        assertThat(FieldText.isFolded("A: 1\r\n")).as("ends in a line break").isFalse();
        assertThat(FieldText.isFolded("A: 1\r\n\r\n x")).as("an empty line").isFalse();
    }
}
