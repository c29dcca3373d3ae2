package org.mailauth.james.smtp;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * Refuses SMTP AUTH until the session runs TLS, with RFC 4954 §6's {@code 538 5.7.11 Encryption required for
 * requested authentication mechanism}; declines (lets the next hook check the credentials) once it does.
 *
 * <p>James 3.8.1's {@code <auth><requireSSL>true</requireSSL></auth>} only stops announcing AUTH before
 * STARTTLS: a client that sends {@code AUTH PLAIN} anyway is still authenticated, its password having crossed
 * the network in clear. Declared in {@code smtpserver.xml} before {@code CoreCmdHandlerLoader}, whose
 * {@code UsersRepositoryAuthHook} checks the password, this hook answers first.
 */
public final class AuthRequiresTls implements AuthHook {

    static final String REPLY_CODE = "538";
    static final String REPLY_TEXT = "5.7.11 Encryption required for requested authentication mechanism";

    private static final HookResult ENCRYPTION_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode(REPLY_CODE)
        .smtpDescription(REPLY_TEXT)
        .build();

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return decide(session);
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return decide(session);
    }

    private static HookResult decide(SMTPSession session) {
        return session.isTLSStarted() ? HookResult.DECLINED : ENCRYPTION_REQUIRED;
    }
}
