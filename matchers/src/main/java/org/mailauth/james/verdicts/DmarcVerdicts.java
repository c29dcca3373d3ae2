package org.mailauth.james.verdicts;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DMARC result of a Mail (RFC 9989): read from its attributes when already evaluated, else evaluated now
 * from the From fields and the SPF and DKIM verdicts (each computed once, {@link SpfVerdicts}, {@link DkimVerdicts}),
 * and kept. Mail the {@link InboundPolicy} excludes gets none. Nothing escapes: an unreadable message is
 * permerror, an evaluation that does not complete temperror.
 */
public final class DmarcVerdicts {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcVerdicts.class);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private final DmarcEvaluator evaluator;
    private final DmarcMode mode;
    private final SpfVerdicts spf;
    private final DkimVerdicts dkim;
    private final InboundPolicy policy;

    public DmarcVerdicts(DmarcEvaluator evaluator, DmarcMode mode, SpfVerdicts spf, DkimVerdicts dkim, InboundPolicy policy) {
        this.evaluator = evaluator;
        this.mode = mode;
        this.spf = spf;
        this.dkim = dkim;
        this.policy = policy;
    }

    public Optional<DmarcResult> of(Mail mail) {
        Optional<DmarcResult> kept = DmarcAttributes.read(mail);
        if (kept.isPresent()) {
            return kept;
        }
        SmtpFacts facts = SmtpFacts.of(mail);
        if (!policy.appliesTo(facts)) {
            return Optional.empty();
        }
        DmarcResult result = evaluate(mail, facts);
        DmarcAttributes.write(mail, result, mode);
        LOGGER.debug("DMARC for mail {}: {}", mail.getName(), result);
        return Optional.of(result);
    }

    private DmarcResult evaluate(Mail mail, SmtpFacts facts) {
        List<String> fromFields;
        try {
            String[] values = mail.getMessage().getHeader("From");
            fromFields = values == null ? List.of() : Arrays.asList(values);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("DMARC: mail {} could not be read: {}", mail.getName(), e.toString());
            return failed(DmarcResult.Code.PERMERROR, "the message could not be read: " + e.getMessage());
        }
        try {
            return evaluator.evaluate(fromFields, spf.of(mail), dkim.of(mail).map(DkimVerification::signatures).orElse(List.of()),
                facts.clientIp()).toCompletableFuture().get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(DmarcResult.Code.TEMPERROR, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.error("DMARC evaluation of mail {} did not complete", mail.getName(), e);
            return failed(DmarcResult.Code.TEMPERROR, "the evaluation did not complete: " + e);
        }
    }

    private static DmarcResult failed(DmarcResult.Code code, String problem) {
        return new DmarcResult(code, List.of(), Optional.empty(), List.of(), Policy.NONE, List.of(), Optional.of(problem));
    }
}
