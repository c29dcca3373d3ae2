package org.mailauth.dkim.sign;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimSyntaxException;
import org.mailauth.options.DurationOption;

/**
 * The signing options as admins write them, as parameters of the DKIMSign mailet and on the command line of
 * {@code mailauth dkim sign}, read in this one place into {@link SigningSettings}. An option that cannot be read is
 * refused with an {@link IllegalArgumentException} whose message says what is expected and what was given, for the
 * caller to prefix with the option's name.
 */
public final class SigningOptions {

    private final SigningSettings.Builder settings;

    /** The defaults of {@link SigningSettings}, t= from {@code clock}. */
    public SigningOptions(Clock clock) {
        this.settings = SigningSettings.builder().clock(clock);
    }

    /** a=: {@code rsa-sha256} or {@code ed25519-sha256} (RFC 8463); {@code rsa-sha1} is refused (RFC 8301 §3.1). */
    public static DkimAlgorithm algorithm(String text) {
        for (DkimAlgorithm algorithm : List.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256)) {
            if (algorithm.tagValue().equals(text.trim())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("rsa-sha256 or ed25519-sha256 (rsa-sha1 is not allowed, RFC 8301 §3.1), not '" + text + "'");
    }

    /** c= (RFC 6376 §3.5): {@code HEADER/BODY}, each simple or relaxed; without {@code /BODY} the body's is simple. */
    public SigningOptions canonicalization(String text) {
        String[] parts = text.trim().split("/", -1);
        Optional<Canonicalization> header = canonicalizationOf(parts[0]);
        Optional<Canonicalization> body = parts.length == 1 ? Optional.of(Canonicalization.SIMPLE) : canonicalizationOf(parts[1]);
        if (parts.length > 2 || header.isEmpty() || body.isEmpty()) {
            throw new IllegalArgumentException("HEADER/BODY, each simple or relaxed, not '" + text + "'");
        }
        settings.canonicalization(header.get(), body.get());
        return this;
    }

    /** The fields to sign when present, their names separated by colons as in h= (RFC 6376 §3.5); From is always signed. */
    public SigningOptions headers(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split(":")) {
            String trimmed = name.trim();
            if (!trimmed.chars().allMatch(c -> c > ' ' && c < 127)) {
                throw new IllegalArgumentException("field names separated by colons (RFC 5322 §2.2: printable US-ASCII), not '"
                    + text + "'");
            }
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        settings.headers(names);
        return this;
    }

    /** x= this long after t= (RFC 6376 §3.5), written as {@link DurationOption} reads it, e.g. {@code 7d}. */
    public SigningOptions expiration(String text) {
        settings.lifetime(DurationOption.parse(text));
        return this;
    }

    public SigningSettings settings() {
        return settings.build();
    }

    private static Optional<Canonicalization> canonicalizationOf(String text) {
        try {
            return Optional.of(Canonicalization.of(text.trim()));
        } catch (DkimSyntaxException e) {
            return Optional.empty();
        }
    }
}
