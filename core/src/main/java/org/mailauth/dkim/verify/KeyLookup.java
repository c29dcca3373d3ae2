package org.mailauth.dkim.verify;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.mailauth.dkim.DkimKey;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSyntaxException;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;

/**
 * Finds the public key of a signature (RFC 6376 §3.6.2.2): the TXT record at {@code selector._domainkey.domain}, the first
 * one that reads as a key record. DKIM signatures and ARC's AMS and AS (RFC 8617 §4.1.2, §4.1.3) use the same records.
 * Parsed records are cached by their text; caching the answers is the resolver's business.
 */
public final class KeyLookup {

    private final DnsResolver dns;
    private final KeyCache keys = new KeyCache(1000);

    public KeyLookup(DnsResolver dns) {
        this.dns = Objects.requireNonNull(dns);
    }

    /** The key published for {@code selector} of {@code domain}, or why there is none. */
    public CompletionStage<Outcome> lookUp(String selector, String domain) {
        String name = selector + "._domainkey." + domain;
        return dns.txt(name).thenApply(answer -> outcome(name, answer));
    }

    private Outcome outcome(String name, DnsAnswer<String> answer) {
        if (answer.isTemporaryFailure()) {
            return Outcome.error(DkimResult.TEMPERROR, "key lookup of " + name + ": " + answer.detail());
        }
        if (!answer.hasRecords()) {
            return Outcome.error(DkimResult.PERMERROR, "no key record at " + name);
        }
        String problem = "";
        for (String record : answer.records()) {
            try {
                return Outcome.of(keys.parse(record));
            } catch (DkimSyntaxException e) {
                problem = e.getMessage();
            }
        }
        return Outcome.error(DkimResult.PERMERROR, "key record at " + name + ": " + problem);
    }

    /** A key, or the result (temperror or permerror, §6.1.2) and reason of not having one. */
    public static final class Outcome {
        private final Optional<DkimKey> key;
        private final DkimResult error;
        private final String reason;

        private Outcome(Optional<DkimKey> key, DkimResult error, String reason) {
            this.key = key;
            this.error = error;
            this.reason = reason;
        }

        static Outcome of(DkimKey key) {
            return new Outcome(Optional.of(key), null, null);
        }

        static Outcome error(DkimResult error, String reason) {
            return new Outcome(Optional.empty(), error, reason);
        }

        public Optional<DkimKey> key() {
            return key;
        }

        /** TEMPERROR or PERMERROR when there is no key. */
        public DkimResult error() {
            return error;
        }

        /** Why there is no key. */
        public String reason() {
            return reason;
        }
    }
}
