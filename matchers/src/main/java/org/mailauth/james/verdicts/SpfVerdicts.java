package org.mailauth.james.verdicts;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.mailet.Mail;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPF result of a Mail (RFC 7208): read from its attributes when a matcher or mailet already computed
 * it, else computed now for the MAIL FROM identity ({@code postmaster@<HELO>} for a null sender, §2.4) and
 * kept. Mail the {@link InboundPolicy} excludes gets none.
 */
public final class SpfVerdicts {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpfVerdicts.class);
    /** Beyond the verifier's own 20 s limit (RFC 7208 §4.6.4): only reached if that limit failed. */
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private final SpfVerifier verifier;
    private final InboundPolicy policy;

    public SpfVerdicts(SpfVerifier verifier, InboundPolicy policy) {
        this.verifier = verifier;
        this.policy = policy;
    }

    public Optional<SpfResult> of(Mail mail) {
        Optional<SpfResult> kept = SpfAttributes.read(mail);
        if (kept.isPresent()) {
            return kept;
        }
        SmtpFacts facts = SmtpFacts.of(mail);
        if (!policy.appliesTo(facts)) {
            return Optional.empty();
        }
        SpfResult result = evaluate(facts);
        SpfAttributes.write(mail, result);
        LOGGER.debug("SPF for mail {}: {}", mail.getName(), result);
        return Optional.of(result);
    }

    private SpfResult evaluate(SmtpFacts facts) {
        InetAddress ip = facts.clientIp().orElseThrow();
        try {
            return verifier.checkMailFrom(ip, facts.mailFrom(), facts.helo())
                .toCompletableFuture()
                .get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return temperror(facts, ip, "interrupted while checking SPF");
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.error("SPF check of {} from {} did not complete", facts.mailFrom(), ip, e);
            return temperror(facts, ip, "the SPF check did not complete: " + e);
        }
    }

    private static SpfResult temperror(SmtpFacts facts, InetAddress ip, String problem) {
        String sender = facts.mailFrom().isEmpty() ? "postmaster@" + facts.helo() : facts.mailFrom();
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        return new SpfResult(SpfResult.Code.TEMPERROR, SpfResult.Identity.MAILFROM, sender, domain, ip, facts.helo(),
            Optional.empty(), Optional.empty(), Optional.of(problem), 0, 0);
    }
}
