package org.mailauth.arc;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How {@link ArcSealer} signs: the header fields its ARC-Message-Signature covers (each present instance once; ARC
 * fields and Authentication-Results never, RFC 8617 §4.1.2) and the clock of t=. Canonicalization is relaxed/relaxed.
 */
public final class SealingSettings {

    /** What a list or forwarder changes and what receivers compare, with the DKIM signatures already there (§4.1.2). */
    public static final List<String> DEFAULT_HEADERS = List.of("from", "to", "cc", "subject", "date", "message-id", "reply-to",
        "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding", "list-id", "list-post",
        "list-unsubscribe", "list-unsubscribe-post", "dkim-signature");

    private final List<String> headers;
    private final Clock clock;

    private SealingSettings(List<String> headers, Clock clock) {
        this.headers = List.copyOf(headers);
        this.clock = Objects.requireNonNull(clock);
    }

    public static SealingSettings defaults() {
        return new SealingSettings(DEFAULT_HEADERS, Clock.systemUTC());
    }

    public SealingSettings withHeaders(List<String> names) {
        return new SealingSettings(names, clock);
    }

    public SealingSettings withClock(Clock other) {
        return new SealingSettings(headers, other);
    }

    public List<String> headers() {
        return headers;
    }

    public Clock clock() {
        return clock;
    }
}
