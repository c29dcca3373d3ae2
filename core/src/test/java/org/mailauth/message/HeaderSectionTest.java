package org.mailauth.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The header section (RFC 5322 §2.2): fields, their folding, and where it ends. */
class HeaderSectionTest {

    private static HeaderSection of(String message) {
        return HeaderSection.of(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineBeginningWithWhitespaceContinuesWhateverFieldPrecedesIt() {
        HeaderSection section = of("X-Note: x\r\n from : y\r\nFrom: a@example.com\r\n\r\nFrom: body@example.com\r\n");

        assertThat(section.values("From")).containsExactly(" a@example.com");
        assertThat(section.values("X-Note")).containsExactly(" x\r\n from : y");
    }

    @Test
    void aFoldedHeaderListOfADkimSignatureIsPartOfIt() {
        HeaderSection section = of("DKIM-Signature: v=1; h=date :\r\n\tfrom : to : subject;\r\n\tb=x\r\nFrom: a@example.com\r\n\r\n");

        assertThat(section.fields()).extracting(HeaderField::name).containsExactly("DKIM-Signature", "From");
        assertThat(section.values("from")).containsExactly(" a@example.com");
    }

    @Test
    void everyFromFieldIsKeptInOrderWithItsFolding() {
        HeaderSection section = of("From: a@example.com\r\nTo: b@example.net\r\nfrom: Carol\r\n <c@example.org>\r\n\r\n");

        assertThat(section.values("From")).containsExactly(" a@example.com", " Carol\r\n <c@example.org>");
    }

    @Test
    void bareLineFeedsEndLinesToo() {
        assertThat(of("X-Note: x\n from: y\nFrom: a@example.com\n\nbody\n").values("From")).containsExactly(" a@example.com");
    }

    @Test
    void eightBitOctetsAreReadAsUtf8() {
        assertThat(of("From: Jörg <jörg@bücher.example>\r\n\r\n").values("From")).containsExactly(" Jörg <jörg@bücher.example>");
    }

    @Test
    void aMessageWithoutBodyHasItsWholeTextAsHeaderSection() {
        assertThat(of("Subject: s\r\nFrom: a@example.com").values("From")).containsExactly(" a@example.com");
    }
}
