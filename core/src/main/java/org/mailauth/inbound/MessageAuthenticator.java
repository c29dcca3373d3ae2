package org.mailauth.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ArcVerifier;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.Policy;
import org.mailauth.dns.DnsResolver;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfVerifier;

/**
 * Authenticates inbound mail: SPF of the MAIL FROM identity (RFC 7208 §2.4) starts as soon as the SMTP facts are
 * known, DKIM (RFC 6376 §6) while the message streams through (its key lookups as soon as the header section has
 * arrived), ARC (RFC 8617 §5.2) in the same pass over the message, and DMARC (RFC 9989 §5.3) once they are done,
 * from the message's From fields. Built once from one
 * settings value and shared: it holds the verifiers and their caches, never a message. Nothing about a message makes it
 * fail exceptionally; every outcome is a result.
 */
public final class MessageAuthenticator {

    private final SpfVerifier spf;
    private final DkimVerifier dkim;
    private final ArcVerifier arc;
    private final DmarcEvaluator dmarc;
    private final AuthenticationSettings settings;

    public MessageAuthenticator(DnsResolver dns, AuthenticationSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.spf = new SpfVerifier(dns, settings.spf());
        this.dkim = new DkimVerifier(dns, settings.dkim());
        this.arc = new ArcVerifier(dns, settings.dkim());
        this.dmarc = new DmarcEvaluator(dns, settings.dmarc());
    }

    public AuthenticationSettings settings() {
        return settings;
    }

    /** SPF alone, for checks of one identity (the MAIL FROM or the HELO identity, RFC 7208 §2.3, §2.4). */
    public SpfVerifier spf() {
        return spf;
    }

    /** DKIM alone, for verifying signatures without SMTP facts. */
    public DkimVerifier dkim() {
        return dkim;
    }

    /** ARC alone, for validating a chain without SMTP facts. */
    public ArcVerifier arc() {
        return arc;
    }

    /** Starts the authentication of one message: SPF begins now; write the raw message, then {@link Session#finish()}. */
    public Session start(SmtpFacts facts) {
        return new Session(facts);
    }

    /** Reads the whole message from {@code message} and authenticates it. */
    public CompletionStage<Authentication> authenticate(SmtpFacts facts, InputStream message) throws IOException {
        Session session = start(facts);
        message.transferTo(session);
        return session.finish();
    }

    /** One message being authenticated. Write it from one thread (CRLF or LF line ends), then finish. */
    public final class Session extends OutputStream {
        private final SmtpFacts facts;
        private final CompletionStage<SpfResult> spfResult;
        private final DkimVerifier.Session dkimSession;
        private final ArcVerifier.Session arcSession;

        private Session(SmtpFacts facts) {
            this.facts = facts;
            this.spfResult = spf.checkMailFrom(facts.clientIp(), facts.mailFrom(), facts.helo());
            this.dkimSession = dkim.start();
            this.arcSession = arc.start();
        }

        @Override
        public void write(int b) {
            dkimSession.write(b);
            arcSession.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            dkimSession.write(bytes, offset, length);
            arcSession.write(bytes, offset, length);
        }

        /** The message is complete: completes with SPF, DKIM and ARC done, then DMARC. */
        public CompletionStage<Authentication> finish() {
            CompletionStage<DkimVerification> dkimResult = dkimSession.finish();
            CompletionStage<ArcVerification> arcResult = arcSession.finish();
            List<String> fromFields = dkimSession.headerSection().values("From");
            return spfResult.thenCombine(dkimResult, (spfDone, dkimDone) -> arcResult.thenCompose(arcDone ->
                    dmarc.evaluate(fromFields, Optional.of(spfDone), dkimDone.signatures(), Optional.of(facts.clientIp()), arcDone)
                        .thenApply(dmarcDone -> new Authentication(spfDone, dkimDone, arcDone, dmarcDone))))
                .thenCompose(authentication -> authentication);
        }

        /**
         * The message could not be read to its end ({@code reason} says why): SPF as it comes, DKIM and DMARC permerror
         * (RFC 8601 §2.7.1: the message's syntax could not be used).
         */
        public CompletionStage<Authentication> unreadable(String reason) {
            return spfResult.thenApply(spfDone -> new Authentication(spfDone, failedDkim(DkimResult.PERMERROR, reason),
                ArcVerification.none(), failedDmarc(DmarcResult.Code.PERMERROR, reason)));
        }
    }

    /** A DKIM verification that could not be made: one result for the whole message, with the reason. */
    private static DkimVerification failedDkim(DkimResult result, String reason) {
        return new DkimVerification(List.of(new DkimSignatureResult(result, Optional.of(reason), "", "", "", Optional.empty(),
            OptionalInt.empty(), false, "")));
    }

    /** A DMARC evaluation that could not be made, with the reason; no disposition. */
    private static DmarcResult failedDmarc(DmarcResult.Code code, String reason) {
        return new DmarcResult(code, List.of(), Optional.empty(), List.of(), Policy.NONE, List.of(), Optional.of(reason));
    }

    /** An authentication that did not complete (a verifier that never answered, an interruption): temperror throughout. */
    public static Authentication incomplete(SmtpFacts facts, String reason) {
        String sender = facts.mailFrom().isEmpty() ? "postmaster@" + facts.helo() : facts.mailFrom();
        SpfResult spf = new SpfResult(SpfResult.Code.TEMPERROR, SpfResult.Identity.MAILFROM, sender,
            sender.substring(sender.lastIndexOf('@') + 1), facts.clientIp(), facts.helo(), Optional.empty(), Optional.empty(),
            Optional.of(reason), 0, 0);
        return new Authentication(spf, failedDkim(DkimResult.TEMPERROR, reason), ArcVerification.none(),
            failedDmarc(DmarcResult.Code.TEMPERROR, reason));
    }
}
