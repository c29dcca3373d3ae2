package org.mailauth.james.smtp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.mailauth.inbound.Authentication;
import org.mailauth.inbound.Refusal;
import org.mailauth.inbound.RefusalPolicy;
import org.mailauth.james.verdicts.DmarcReporting;
import org.mailauth.james.verdicts.MailFacts;
import org.mailauth.james.verdicts.Verdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates inbound mail at the end of DATA, before James answers, and refuses what policy says to refuse, so the
 * sending server, not the forged sender, gets the failure and nothing is stored: DMARC disposition {@code reject}
 * (RFC 9989 §5.3, after {@code t=y}, trusted forwarders and the other local exceptions) → {@code 550 5.7.1}. The
 * results stay on the Mail as the attributes the matchers and mailets read, so nothing is evaluated again; a refused
 * message is counted in the aggregate report with disposition reject, and its failure reports go out. Declared in
 * {@code smtpserver.xml}'s {@code <handlerchain>} before {@code CoreCmdHandlerLoader}; its parameters are child
 * elements of {@code <handler>} ({@link RefusalPolicy}). Relay-allowed sessions (AUTH, authorized networks) are never
 * refused nor checked here. Our own failure never refuses a message: it is accepted and logged.
 */
public final class AuthenticationHook implements JamesMessageHook, ProtocolHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationHook.class);

    private final Verdicts verdicts;
    private final DmarcReporting reporting;
    private RefusalPolicy policy = RefusalPolicy.defaults();

    @Inject
    public AuthenticationHook(Verdicts verdicts, DmarcReporting reporting) {
        this.verdicts = verdicts;
        this.reporting = reporting;
    }

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = configuration.getKeys(); names.hasNext(); ) {
            String key = names.next();
            if (!key.startsWith("[@")) {
                keys.add(key);
            }
        }
        try {
            policy = RefusalPolicy.parse(keys, key -> Optional.ofNullable(configuration.getString(key)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(getClass().getName() + ": " + e.getMessage());
        }
        LOGGER.info("mailauth: SMTP authentication hook, {}", policy);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            if (session.isRelayingAllowed() || session.getUsername() != null) {
                return HookResult.DECLINED;
            }
            MailFacts facts = facts(session, mail);
            Optional<Authentication> authentication = verdicts.of(mail, facts);
            if (authentication.isEmpty()) {
                return HookResult.DECLINED;
            }
            Optional<Refusal> refusal = policy.refusal(authentication.get());
            if (refusal.isEmpty()) {
                return HookResult.DECLINED;
            }
            if (refusal.get().permanent()) {
                reporting.record(mail, facts, authentication.get());
            }
            LOGGER.info("mailauth: refused mail {} from {}: {}", mail.getName(), facts.clientIp().map(InetAddress::getHostAddress)
                .orElse("?"), refusal.get());
            return HookResult.builder()
                .hookReturnCode(refusal.get().permanent() ? HookReturnCode.deny() : HookReturnCode.denySoft())
                .smtpReturnCode(refusal.get().code())
                .smtpDescription(refusal.get().status() + " " + refusal.get().text())
                .build();
        } catch (RuntimeException e) {
            LOGGER.error("mailauth: the SMTP authentication hook failed for mail {}; accepted, the mailet container decides", mail.getName(), e);
            return HookResult.DECLINED;
        }
    }

    /** James copies these onto the Mail only after the message hooks: read them from the session. */
    private static MailFacts facts(SMTPSession session, Mail mail) {
        InetAddress ip = session.getRemoteAddress().getAddress();
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).orElse("");
        return MailFacts.ofSession(ip, mail.getMaybeSender().asString(""), helo, session.getUsername() != null,
            session.isRelayingAllowed());
    }
}
