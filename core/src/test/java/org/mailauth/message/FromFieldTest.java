package org.mailauth.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The mailboxes of a From field (RFC 5322 §3.4, §3.6.2) and the author address of a message. */
class FromFieldTest {

    private static HeaderSection header(String message) {
        return HeaderSection.of(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAddressIsTheAngleAddrWhateverTheDisplayNameAndCommentsSay() {
        assertThat(FromField.addresses(" \"Doe, Jane\" (work <not@this.example>)\r\n <jane@example.org>"))
            .hasValue(List.of("jane@example.org"));
    }

    @Test
    void aBareAddrSpecKeepsItsLocalPartAsWritten() {
        assertThat(FromField.addresses(" Jane.Doe@Example.NET (Jane)")).hasValue(List.of("Jane.Doe@Example.NET"));
        assertThat(FromField.addresses(" \"jane doe\"@example.net")).hasValue(List.of("\"jane doe\"@example.net"));
    }

    @Test
    void everyMailboxOfAListOrGroupIsRead() {
        assertThat(FromField.addresses(" a@one.example, Team: b@two.example, C <c@three.example>;"))
            .hasValue(List.of("a@one.example", "b@two.example", "c@three.example"));
    }

    @Test
    void anObsoleteRouteIsNotPartOfTheAddress() {
        assertThat(FromField.addresses(" <@relay.example:jane@example.org>")).hasValue(List.of("jane@example.org"));
    }

    @Test
    void aFieldThatCannotBeReadHasNoAddresses() {
        assertThat(FromField.addresses(" Jane <jane@example.org")).isEmpty();
        assertThat(FromField.addresses(" undisclosed-recipients:;")).isEmpty();
        assertThat(FromField.addresses(" jane")).isEmpty();
        assertThat(FromField.addresses(" a@one.example, @two.example")).isEmpty();
    }

    @Test
    void theAuthorIsTheFirstMailboxOfTheFirstReadableFromField() {
        assertThat(FromField.authorAddress(header("Subject: x\r\nFrom: broken <\r\nFrom: a@one.example, b@two.example\r\n\r\n")))
            .hasValue("a@one.example");
    }

    @Test
    void aFoldedLineThatLooksLikeAFromFieldIsNoAuthor() {
        assertThat(FromField.authorAddress(header("X-Note: x\r\n from: mallory@evil.example\r\n\r\nFrom: body@example.com\r\n")))
            .isEmpty();
    }

    @Test
    void anEightBitAddressIsReadAsUtf8() {
        assertThat(FromField.authorAddress(header("From: Jörg <jörg@bücher.example>\r\n\r\n"))).hasValue("jörg@bücher.example");
    }
}
