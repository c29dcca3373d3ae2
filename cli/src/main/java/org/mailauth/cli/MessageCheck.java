package org.mailauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.DkimVerifier;
import org.mailauth.dkim.HeaderSection;
import org.mailauth.dmarc.DmarcEvaluator;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;
import org.mailauth.results.MethodResult;
import org.mailauth.spf.SpfResult;
import org.mailauth.spf.SpfVerifier;

/** SPF, DKIM and DMARC of one message, as the pack evaluates inbound mail in James: {@code mailauth check}. */
final class MessageCheck {

    /** The three results and the Authentication-Results field they make. */
    static final class Outcome {
        final SpfResult spf;
        final DkimVerification dkim;
        final DmarcResult dmarc;
        final AuthenticationResultsField field;

        Outcome(SpfResult spf, DkimVerification dkim, DmarcResult dmarc, AuthenticationResultsField field) {
            this.spf = spf;
            this.dkim = dkim;
            this.dmarc = dmarc;
            this.field = field;
        }
    }

    private final SpfVerifier spf;
    private final DkimVerifier dkim;
    private final DmarcEvaluator dmarc;
    private final AuthservId authservId;

    MessageCheck(SpfVerifier spf, DkimVerifier dkim, DmarcEvaluator dmarc, AuthservId authservId) {
        this.spf = spf;
        this.dkim = dkim;
        this.dmarc = dmarc;
        this.authservId = authservId;
    }

    /** SPF of the MAIL FROM identity (postmaster@HELO for the null sender) and DKIM run at once; then DMARC. */
    CompletableFuture<Outcome> check(byte[] message, InetAddress ip, String mailFrom, String helo) {
        CompletableFuture<SpfResult> spfResult = spf.checkMailFrom(ip, mailFrom, helo).toCompletableFuture();
        CompletableFuture<DkimVerification> dkimResult;
        try {
            dkimResult = dkim.verify(new ByteArrayInputStream(message)).toCompletableFuture();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a message in memory", e);
        }
        List<String> fromFields = HeaderSection.of(message).values("From");
        return spfResult.thenCombine(dkimResult, (spfDone, dkimDone) -> dmarc.evaluate(fromFields, Optional.of(spfDone),
                dkimDone.signatures(), Optional.of(ip)).toCompletableFuture()
            .thenApply(dmarcDone -> new Outcome(spfDone, dkimDone, dmarcDone, field(spfDone, dkimDone, dmarcDone))))
            .thenCompose(outcome -> outcome);
    }

    private AuthenticationResultsField field(SpfResult spfResult, DkimVerification dkimResult, DmarcResult dmarcResult) {
        List<MethodResult> results = new ArrayList<>();
        results.add(spfResult.authenticationResult());
        if (dkimResult.signatures().isEmpty()) {
            results.add(new MethodResult("dkim", DkimResult.NONE.keyword(), Optional.empty(), List.of()));
        }
        dkimResult.signatures().forEach(signature -> results.add(signature.authenticationResult()));
        results.add(dmarcResult.authenticationResult());
        return new AuthenticationResultsField(authservId, results);
    }
}
