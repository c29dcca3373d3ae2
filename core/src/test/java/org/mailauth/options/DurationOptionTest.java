package org.mailauth.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Lengths of time in options: seconds, or a number with s, m, h or d. */
class DurationOptionTest {

    @Test
    void aBareNumberIsSecondsAndAUnitMultipliesIt() {
        assertThat(DurationOption.parse("3600")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationOption.parse("60s")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationOption.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationOption.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(DurationOption.parse(" 7D ")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void nothingButAPositiveLengthIsALength() {
        for (String text : new String[] {"0", "0d", "-5", "+5", "", "d", "1w", "1.5h", "1 h", "9999999999s"}) {
            assertThatThrownBy(() -> DurationOption.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a positive number of seconds, or one with s, m, h or d (3600, 60s, 10m, 1d), not '" + text + "'");
        }
    }
}
