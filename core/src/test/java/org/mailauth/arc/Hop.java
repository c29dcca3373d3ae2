package org.mailauth.arc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * An ADMD that seals the mail it passes on (RFC 8617 §5.1), for tests: a real {@link ArcSealer} with its own domain,
 * selector {@code arc} and key (the test keys, made once per JVM), whose key record {@link #publish} puts in DNS. Its
 * clock is fixed, so a hop with a fixed key (Ed25519, or RSA read from a file) always writes the same set.
 */
final class Hop {

    /** A message as its author's MTA sends it. */
    static final String MESSAGE = "From: Alice <alice@example.org>\r\nTo: list@lists.example\r\nSubject: hello\r\n"
        + "Date: Mon, 30 Nov 2026 12:00:00 +0000\r\nMessage-ID: <hello@example.org>\r\n\r\nHello, list.\r\n";

    private final SigningKey key;
    private final ArcSealer sealer;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    private Hop(SigningKey key) {
        this.key = key;
        this.sealer = new ArcSealer(key, SealingSettings.defaults().withClock(CLOCK));
    }

    static Hop of(SigningKey key) {
        return new Hop(key);
    }

    static Hop rsa(String domain) {
        return new Hop(SigningKey.rsa(domain, "arc", TestKeys.RSA_2048.getPrivate()));
    }

    static Hop ed25519(String domain) {
        return new Hop(SigningKey.ed25519(domain, "arc", TestKeys.ED25519_SEED));
    }

    SigningKey key() {
        return key;
    }

    /** Adds the key record at {@code <selector>._domainkey.<domain>}. */
    InMemoryDnsResolver.Builder publish(InMemoryDnsResolver.Builder dns) {
        return dns.txt(key.selector() + "._domainkey." + key.domain(), key.publicKeyRecord());
    }

    /** The set this hop adds to {@code message}, whose chain its validation found {@code validation}. */
    ArcSealing sealing(byte[] message, ChainValidationStatus validation) {
        try {
            return sealer.seal(new ByteArrayInputStream(message), validation,
                key.domain() + "; arc=" + validation.keyword() + "; dkim=none; spf=none smtp.mailfrom=example.org");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code message} with the set this hop adds on top, or unchanged when it adds none. */
    byte[] seal(byte[] message, ChainValidationStatus validation) {
        ArcSealing sealing = sealing(message, validation);
        return sealing.sealed() ? prepend(String.join("\r\n", sealing.fields()), message) : message;
    }

    /** What a hop does: validates the chain as the message arrives, then seals with that status. */
    byte[] relay(byte[] message, ArcVerifier verifier) {
        return seal(message, verify(verifier, message).status());
    }

    static ArcVerification verify(ArcVerifier verifier, byte[] message) {
        try {
            return verifier.verify(new ByteArrayInputStream(message)).toCompletableFuture().join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fields} (CRLF between them, none at the end) on top of {@code message}. */
    static byte[] prepend(String fields, byte[] message) {
        return (fields + "\r\n" + text(message)).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One char per octet, as header fields are kept. */
    static String text(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1);
    }
}
