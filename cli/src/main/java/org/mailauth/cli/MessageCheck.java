package org.mailauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dkim.DkimVerifier;
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
        return spfResult.thenCombine(dkimResult, (spfDone, dkimDone) -> dmarc.evaluate(fromFields(message), Optional.of(spfDone),
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

    /** The bodies of the From fields of the header section (RFC 5322 §2.2, unfolded; CRLF or LF line ends). */
    static List<String> fromFields(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        List<String> values = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(line);
                continue;
            }
            if (current != null) {
                values.add(current.toString());
                current = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("from")) {
                current = new StringBuilder(line.substring(colon + 1));
            }
        }
        if (current != null) {
            values.add(current.toString());
        }
        List<String> decoded = new ArrayList<>();
        values.forEach(value -> decoded.add(new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        return decoded;
    }
}
