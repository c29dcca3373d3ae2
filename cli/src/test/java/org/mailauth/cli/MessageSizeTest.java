package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The SMTP message size limit of {@code mailauth run}: octets, K or M, 1024-based as James reads sizes. */
class MessageSizeTest {

    @Test
    void unitsAreKibiAndMebiOctets() {
        assertThat(MessageSize.parse("25M").octets()).isEqualTo(25L * 1024 * 1024);
        assertThat(MessageSize.parse("512k").octets()).isEqualTo(512L * 1024);
        assertThat(MessageSize.parse("100000").octets()).isEqualTo(100_000);
    }

    @Test
    void jamesIsGivenKibiOctetsRoundedUp() {
        assertThat(MessageSize.parse("25M").kibiOctets()).isEqualTo(25_600);
        assertThat(MessageSize.parse("1025").kibiOctets()).isEqualTo(2);
    }

    @Test
    void aLimitIsBetweenOneKibiOctetAndTwoGibiOctets() {
        assertThatThrownBy(() -> MessageSize.parse("0")).hasMessage("a message size limit is between 1K and 2048M, not '0'");
        assertThatThrownBy(() -> MessageSize.parse("3000M")).hasMessageContaining("between 1K and 2048M");
        assertThatThrownBy(() -> MessageSize.parse("-5M")).hasMessage("a size is a number with K or M, e.g. 25M or 512K, not '-5M'");
        assertThatThrownBy(() -> MessageSize.parse("25MB")).hasMessageContaining("not '25MB'");
    }
}
