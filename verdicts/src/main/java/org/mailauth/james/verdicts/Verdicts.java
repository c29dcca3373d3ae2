package org.mailauth.james.verdicts;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.inbound.Authentication;
import org.mailauth.inbound.MessageAuthenticator;
import org.mailauth.inbound.SmtpFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication of an inbound Mail (SPF, DKIM and DMARC, {@link MessageAuthenticator}): read from its attributes
 * when a matcher or mailet already asked, else made now — SPF and DKIM at once while the message streams through,
 * then DMARC — and kept. Mail the {@link InboundPolicy} excludes has none. Nothing escapes: an unreadable message is
 * a permerror, an authentication that does not complete a temperror.
 */
public final class Verdicts {

    private static final Logger LOGGER = LoggerFactory.getLogger(Verdicts.class);
    /** DNS timeouts bound every lookup; this only guards against a check that never completes. */
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private final MessageAuthenticator authenticator;
    private final InboundPolicy policy;

    public Verdicts(MessageAuthenticator authenticator, InboundPolicy policy) {
        this.authenticator = authenticator;
        this.policy = policy;
    }

    public Optional<Authentication> of(Mail mail) {
        return of(mail, MailFacts.of(mail));
    }

    /** As {@link #of(Mail)}, with the facts given: an SMTP hook knows them before James writes them onto the Mail. */
    public Optional<Authentication> of(Mail mail, MailFacts facts) {
        Optional<Authentication> kept = AuthenticationAttributes.read(mail);
        if (kept.isPresent()) {
            return kept;
        }
        Optional<SmtpFacts> smtp = facts.smtpFacts();
        if (!policy.appliesTo(facts) || smtp.isEmpty()) {
            return Optional.empty();
        }
        Authentication authentication = authenticate(mail, smtp.get());
        AuthenticationAttributes.write(mail, authentication, mode());
        LOGGER.debug("mailauth: mail {}: {}", mail.getName(), authentication);
        return Optional.of(authentication);
    }

    private DmarcMode mode() {
        return authenticator.settings().dmarc().mode();
    }

    private Authentication authenticate(Mail mail, SmtpFacts facts) {
        MessageAuthenticator.Session session = authenticator.start(facts);
        try {
            try {
                mail.getMessage().writeTo(session);
            } catch (IOException | MessagingException | RuntimeException e) {
                LOGGER.warn("mailauth: mail {} could not be read: {}", mail.getName(), e.getMessage());
                return session.unreadable("the message could not be read: " + e.getMessage()).toCompletableFuture()
                    .get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return session.finish().toCompletableFuture().get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MessageAuthenticator.incomplete(facts, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.error("mailauth: the authentication of mail {} did not complete", mail.getName(), e);
            return MessageAuthenticator.incomplete(facts, "the authentication did not complete");
        }
    }
}
