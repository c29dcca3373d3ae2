package org.mailauth.james.smtp;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, with {@code 501 5.5.2}, an EHLO/HELO name, a MAIL FROM or a RCPT TO that holds a control character (0x00–0x1F,
 * 0x7F). RFC 5321 allows none there: not in a domain (§4.1.2 {@code Domain}, {@code address-literal}), not in a
 * quoted local part ({@code qtextSMTP} and {@code quoted-pairSMTP} are %d32-126). James 3.8.1 accepts them and writes
 * the EHLO name into its {@code Received} field and the MAIL FROM into {@code Return-Path} as the client sent them, so
 * a bare CR there starts a header field of the client's choosing (a forged {@code Authentication-Results} above ours,
 * for readers that end a line at a bare CR). Declared in {@code smtpserver.xml}'s {@code <handlerchain>}.
 */
public final class ArgumentSyntax implements HeloHook, MailHook, RcptHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(ArgumentSyntax.class);

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        return check("EHLO name", helo);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return check("MAIL FROM address", sender.asString(""));
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        return check("RCPT TO address", recipient.asString());
    }

    private static HookResult check(String what, String argument) {
        int position = controlCharacter(argument);
        if (position < 0) {
            return HookResult.DECLINED;
        }
        LOGGER.info("mailauth: refused an {} with control character 0x{} at position {}", what,
            Integer.toHexString(argument.charAt(position)), position);
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS)
            .smtpDescription("5.5.2 Control characters are not allowed in the " + what + " (RFC 5321 4.1.2)").build();
    }

    /** The index of the first control character, or -1. */
    static int controlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }
}
