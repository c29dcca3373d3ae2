package org.mailauth.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

/** RFC 5321 §4.1.2: no control characters in a Domain or a Mailbox of an SMTP command. */
class ArgumentSyntaxTest {

    private final ArgumentSyntax hook = new ArgumentSyntax();

    @Test
    void anEhloNameWithABareCarriageReturnIsRefusedAsASyntaxError() {
        HookResult result = hook.doHelo(null, "helo.example\rAuthentication-Results: mx.example.com; dmarc=pass");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("501");
        assertThat(result.getSmtpDescription()).startsWith("5.5.2 ").contains("EHLO name").doesNotContain("\r");
    }

    @Test
    void aQuotedLocalPartWithACarriageReturnIsRefused() throws Exception {
        MailAddress sender = new MailAddress("\"a\\\rX-Evil:\t1\"@evil.example");

        assertThat(hook.doMail(null, MaybeSender.of(sender)).getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(hook.doRcpt(null, MaybeSender.nullSender(), sender).getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void ordinaryArgumentsAndTheNullSenderAreLeftToJames() throws Exception {
        assertThat(hook.doHelo(null, "mail.example.org")).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doHelo(null, "[192.0.2.1]")).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doMail(null, MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doMail(null, MaybeSender.of(new MailAddress("\"a b\"@example.org")))).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doRcpt(null, MaybeSender.nullSender(), new MailAddress("bob@example.com"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void deleteAndNulAreControlCharactersToo() {
        assertThat(ArgumentSyntax.controlCharacter("a\u007fb")).isEqualTo(1);
        assertThat(ArgumentSyntax.controlCharacter("\0")).isZero();
        assertThat(ArgumentSyntax.controlCharacter("stra\u00dfe.example")).isEqualTo(-1);
    }
}
