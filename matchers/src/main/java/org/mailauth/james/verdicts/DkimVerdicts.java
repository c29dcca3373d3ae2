package org.mailauth.james.verdicts;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.DkimVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DKIM verification of a Mail (RFC 6376): read from its attributes when already done, else done now
 * by streaming the message through the verifier, and kept. Mail the {@link InboundPolicy} excludes gets none.
 * A message that cannot be read gets a single permerror result, never an exception.
 */
public final class DkimVerdicts {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimVerdicts.class);
    /** DNS timeouts bound each key lookup; this only guards against a verifier that never completes. */
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private final DkimVerifier verifier;
    private final InboundPolicy policy;

    public DkimVerdicts(DkimVerifier verifier, InboundPolicy policy) {
        this.verifier = verifier;
        this.policy = policy;
    }

    public Optional<DkimVerification> of(Mail mail) {
        Optional<DkimVerification> kept = DkimAttributes.read(mail);
        if (kept.isPresent()) {
            return kept;
        }
        if (!policy.appliesTo(SmtpFacts.of(mail))) {
            return Optional.empty();
        }
        DkimVerification verification = verify(mail);
        DkimAttributes.write(mail, verification);
        LOGGER.debug("DKIM for mail {}: {}", mail.getName(), verification);
        return Optional.of(verification);
    }

    private DkimVerification verify(Mail mail) {
        try {
            DkimVerifier.Session session = verifier.start();
            mail.getMessage().writeTo(session);
            return session.finish().toCompletableFuture().get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | MessagingException e) {
            LOGGER.warn("DKIM: mail {} could not be read: {}", mail.getName(), e.toString());
            return unreadable("the message could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreadable("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.error("DKIM verification of mail {} did not complete", mail.getName(), e);
            return new DkimVerification(List.of(new DkimSignatureResult(DkimResult.TEMPERROR,
                Optional.of("the verification did not complete: " + e), "", "", "", Optional.empty(), OptionalInt.empty(), false, "")));
        }
    }

    private static DkimVerification unreadable(String reason) {
        return new DkimVerification(List.of(new DkimSignatureResult(DkimResult.PERMERROR, Optional.of(reason), "", "", "",
            Optional.empty(), OptionalInt.empty(), false, "")));
    }
}
