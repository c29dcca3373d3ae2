package org.mailauth.dkim.sign;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailauth.dkim.Canonicalization;

/**
 * How signatures are made. Defaults: relaxed/relaxed; the header fields of RFC 6376 §5.4.1 that are
 * present, plus Message-ID, Content-Type, Content-Transfer-Encoding and MIME-Version; From, To, Cc,
 * Subject, Date, Message-ID, Reply-To, Content-Type and MIME-Version over-signed when present (listed once
 * more than present, so none can be added after signing, §8.15); the absence of To, Cc, Subject, Date,
 * Message-ID and Reply-To asserted (listed once when the message lacks them, §5.4), not that of MIME-Version
 * and Content-Type: mail systems add them to a message that has neither (James does when it rewrites one),
 * with the plain US-ASCII text their absence stands for (RFC 2045 §5.2); t= always; no x=; never l=.
 */
public final class SigningSettings {

    public static final List<String> DEFAULT_HEADERS = List.of("From", "Reply-To", "Subject", "Date", "To", "Cc",
        "Resent-Date", "Resent-From", "Resent-To", "Resent-Cc", "In-Reply-To", "References", "List-Id", "List-Help",
        "List-Unsubscribe", "List-Subscribe", "List-Post", "List-Owner", "List-Archive", "Message-ID", "Content-Type",
        "Content-Transfer-Encoding", "MIME-Version");
    public static final Set<String> DEFAULT_OVERSIGNED = Set.of("from", "to", "cc", "subject", "date", "message-id",
        "reply-to", "content-type", "mime-version");
    public static final Set<String> DEFAULT_ASSERTED_ABSENT = Set.of("to", "cc", "subject", "date", "message-id", "reply-to");

    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;
    private final List<String> headers;
    private final Set<String> overSigned;
    private final Set<String> assertedAbsent;
    private final Optional<Duration> lifetime;
    private final Clock clock;

    private SigningSettings(Builder builder) {
        this.headerCanonicalization = builder.headerCanonicalization;
        this.bodyCanonicalization = builder.bodyCanonicalization;
        this.headers = builder.headers;
        this.overSigned = builder.overSigned;
        this.assertedAbsent = builder.assertedAbsent;
        this.lifetime = builder.lifetime;
        this.clock = builder.clock;
    }

    public static SigningSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Canonicalization headerCanonicalization() {
        return headerCanonicalization;
    }

    public Canonicalization bodyCanonicalization() {
        return bodyCanonicalization;
    }

    public List<String> headers() {
        return headers;
    }

    /** Lower-case names of the fields listed once more than present, when present. */
    public Set<String> overSigned() {
        return overSigned;
    }

    /** Lower-case names of the fields listed once when the message lacks them: adding one later breaks the signature. */
    public Set<String> assertedAbsent() {
        return assertedAbsent;
    }

    /** When set, x= is t= plus this. */
    public Optional<Duration> lifetime() {
        return lifetime;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private Canonicalization headerCanonicalization = Canonicalization.RELAXED;
        private Canonicalization bodyCanonicalization = Canonicalization.RELAXED;
        private List<String> headers = DEFAULT_HEADERS;
        private Set<String> overSigned = DEFAULT_OVERSIGNED;
        private Set<String> assertedAbsent = DEFAULT_ASSERTED_ABSENT;
        private Optional<Duration> lifetime = Optional.empty();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder canonicalization(Canonicalization header, Canonicalization body) {
            this.headerCanonicalization = Objects.requireNonNull(header);
            this.bodyCanonicalization = Objects.requireNonNull(body);
            return this;
        }

        /** The fields to sign when present; From is always signed. */
        public Builder headers(List<String> names) {
            this.headers = List.copyOf(names);
            return this;
        }

        public Builder overSigned(Set<String> names) {
            this.overSigned = lowerCase(names);
            return this;
        }

        public Builder assertedAbsent(Set<String> names) {
            this.assertedAbsent = lowerCase(names);
            return this;
        }

        private static Set<String> lowerCase(Set<String> names) {
            return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        public Builder lifetime(Duration lifetime) {
            this.lifetime = Optional.of(lifetime);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SigningSettings build() {
            return new SigningSettings(this);
        }
    }
}
