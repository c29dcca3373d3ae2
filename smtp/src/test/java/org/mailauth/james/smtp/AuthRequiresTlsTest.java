package org.mailauth.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

/** RFC 4954 §6: AUTH over a clear channel is refused with 538 5.7.11; over TLS the password is checked as usual. */
class AuthRequiresTlsTest {

    private static SMTPSession session(boolean tlsStarted) {
        return (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> {
                if (method.getName().equals("isTLSStarted")) {
                    return tlsStarted;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }

    @Test
    void authBeforeStartTlsIsRefusedWithEncryptionRequired() {
        HookResult result = new AuthRequiresTls().doAuth(session(false), Username.of("test@example.test"), "secret");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("538");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.11 Encryption required for requested authentication mechanism");
    }

    @Test
    void authAfterStartTlsIsLeftToThePasswordCheck() {
        HookResult result = new AuthRequiresTls().doAuth(session(true), Username.of("test@example.test"), "secret");

        assertThat(result).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void saslBeforeStartTlsIsRefusedToo() {
        assertThat(new AuthRequiresTls().doSasl(session(false), null, "token").getSmtpRetCode()).isEqualTo("538");
    }
}
