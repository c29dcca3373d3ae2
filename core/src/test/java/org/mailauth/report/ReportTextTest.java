package org.mailauth.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What a report may carry (issue 21, item 6): exactly the characters of XML 1.0 §2.2's {@code Char} production, less
 * the control characters (TAB, LF and CR included) and the noncharacters; everything else becomes U+FFFD.
 */
class ReportTextTest {

    /** XML 1.0 §2.2: {@code #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]}. */
    private static boolean xmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }

    private static boolean carried(int c) {
        boolean control = Character.getType(c) == Character.CONTROL;
        boolean noncharacter = c >= 0xFDD0 && c <= 0xFDEF || (c & 0xFFFE) == 0xFFFE;
        return xmlChar(c) && !control && !noncharacter;
    }

    @Test
    void everyCodePointIsCarriedAsItIsOrReplacedByTheReplacementCharacter() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String text = new String(Character.toChars(c));
            assertThat(ReportText.safe(text)).as("U+%04X", c).isEqualTo(carried(c) ? text : "\ufffd");
            assertThat(ReportText.isSafe(text)).as("U+%04X", c).isEqualTo(carried(c));
        }
    }

    @Test
    void aLoneSurrogateIsReplacedAndAPairIsKept() {
        assertThat(ReportText.safe("a\ud800b\udc00c\udc00\ud800d\ud83d\ude00e\ud83d")).isEqualTo("a\ufffdb\ufffdc\ufffd\ufffdd\ud83d\ude00e\ufffd");
    }

    @Test
    void tabLineFeedAndCarriageReturnAreReplacedTooForNoValueIsMoreThanOneLine() {
        assertThat(ReportText.safe("a\tb\nc\rd\r\n")).isEqualTo("a\ufffdb\ufffdc\ufffdd\ufffd\ufffd");
    }

    @Test
    void markupIsCarriedForTheXmlWriterEscapesIt() {
        assertThat(ReportText.safe("]]><a href=\"x\">&amp;</a>")).isEqualTo("]]><a href=\"x\">&amp;</a>");
    }

    @Test
    void aValueLongerThanItsBoundIsCutAndEndsInAnEllipsis() {
        assertThat(ReportText.bounded("abcdef", 6)).isEqualTo("abcdef");
        assertThat(ReportText.bounded("abcdefg", 6)).isEqualTo("abcde\u2026");
        assertThat(ReportText.bounded("\u0000".repeat(10), 4)).isEqualTo("\ufffd\ufffd\ufffd\u2026");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        assertThat(ReportText.bounded("abcd\ud83d\ude00xyz", 6)).isEqualTo("abcd\u2026");
        assertThat(ReportText.bounded("abc\ud83d\ude00xyz", 6)).isEqualTo("abc\ud83d\ude00\u2026");
    }
}
