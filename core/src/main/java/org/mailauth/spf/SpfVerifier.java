package org.mailauth.spf;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mailauth.dns.DnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks whether a client IP may send for an identity, with the check_host() function of RFC 7208. Every
 * check completes with a {@link SpfResult}; DNS failures, limits and syntax errors are results
 * (temperror, permerror), never exceptions.
 */
public final class SpfVerifier {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpfVerifier.class);

    private final DnsResolver dns;
    private final SpfSettings settings;
    private final RecordCache records = new RecordCache(2000);

    public SpfVerifier(DnsResolver dns, SpfSettings settings) {
        this.dns = Objects.requireNonNull(dns);
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * The MAIL FROM identity (RFC 7208 §2.4). For a null reverse-path ({@code mailFrom} empty) the identity
     * is {@code postmaster@<helo>}.
     */
    public CompletionStage<SpfResult> checkMailFrom(InetAddress ip, String mailFrom, String helo) {
        String address = mailFrom.trim();
        if (address.isEmpty()) {
            return check(SpfResult.Identity.MAILFROM, ip, new Evaluation.Sender("postmaster", helo), helo);
        }
        int at = address.lastIndexOf('@');
        Evaluation.Sender sender = at < 0
            ? new Evaluation.Sender("postmaster", address)
            : new Evaluation.Sender(address.substring(0, at), address.substring(at + 1));
        return check(SpfResult.Identity.MAILFROM, ip, sender, helo);
    }

    /** The HELO identity (RFC 7208 §2.3): {@code postmaster@<helo>}. */
    public CompletionStage<SpfResult> checkHelo(InetAddress ip, String helo) {
        return check(SpfResult.Identity.HELO, ip, new Evaluation.Sender("postmaster", helo), helo);
    }

    private CompletionStage<SpfResult> check(SpfResult.Identity identity, InetAddress ip, Evaluation.Sender sender, String helo) {
        Evaluation evaluation = new Evaluation(dns, settings, records, ip, sender, helo);
        CompletableFuture<Evaluation.HostResult> outcome;
        try {
            outcome = evaluation.checkHost(sender.domain).toCompletableFuture();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        return outcome
            .orTimeout(settings.timeLimit().toMillis(), TimeUnit.MILLISECONDS)
            .handle((result, error) -> {
                Evaluation.HostResult host = error == null ? result : failure(error, sender);
                return new SpfResult(host.code, identity, sender.toString(), sender.domain, ip, helo,
                    host.explanation, host.mechanism, host.problem, evaluation.lookups(), evaluation.voidLookups());
            });
    }

    private Evaluation.HostResult failure(Throwable error, Evaluation.Sender sender) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof SpfAbort) {
            SpfAbort abort = (SpfAbort) cause;
            return new Evaluation.HostResult(abort.code(), Optional.empty(), Optional.empty(), Optional.of(abort.getMessage()));
        }
        if (cause instanceof TimeoutException) {
            return new Evaluation.HostResult(SpfResult.Code.TEMPERROR, Optional.empty(), Optional.empty(),
                Optional.of("the check took longer than " + settings.timeLimit().toSeconds() + " s (§4.6.4)"));
        }
        LOGGER.error("SPF check of {} failed unexpectedly", sender, cause);
        return new Evaluation.HostResult(SpfResult.Code.TEMPERROR, Optional.empty(), Optional.empty(),
            Optional.of("internal error: " + cause));
    }
}
