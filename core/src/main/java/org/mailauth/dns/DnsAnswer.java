package org.mailauth.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcome of one DNS lookup. SPF, DKIM and DMARC treat the four kinds differently (e.g. RFC 7208 §4.3
 * and §5 versus RFC 6376 §6.1.2), so they are never folded together:
 * <ul>
 * <li>{@link Kind#RECORDS}: the name has records of the type; {@link #records()} is not empty;</li>
 * <li>{@link Kind#NXDOMAIN}: the name does not exist (RCODE 3);</li>
 * <li>{@link Kind#NODATA}: the name exists but has no records of the type (RFC 2308 §2.2);</li>
 * <li>{@link Kind#TEMPORARY_FAILURE}: no answer could be had (timeout, SERVFAIL, network or wire error).</li>
 * </ul>
 * {@link #ttl()} is how long the answer may be reused: the smallest record TTL, or for NXDOMAIN and NODATA
 * the negative TTL of RFC 2308 §5 (zero when the answer carried no SOA).
 *
 * @param <T> the record data: {@code String} for TXT and PTR, {@code InetAddress} for A and AAAA,
 *            {@link MxHost} for MX
 */
public final class DnsAnswer<T> {

    public enum Kind { RECORDS, NXDOMAIN, NODATA, TEMPORARY_FAILURE }

    private final Kind kind;
    private final List<T> records;
    private final Duration ttl;
    private final boolean authentic;
    private final String detail;

    private DnsAnswer(Kind kind, List<T> records, Duration ttl, boolean authentic, String detail) {
        this.kind = kind;
        this.records = List.copyOf(records);
        this.ttl = Objects.requireNonNull(ttl);
        this.authentic = authentic;
        this.detail = Objects.requireNonNull(detail);
    }

    /** Records of the asked type; {@code records} must not be empty (no records is NODATA). */
    public static <T> DnsAnswer<T> records(List<T> records, Duration ttl, boolean authentic) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an answer without records is NODATA");
        }
        return new DnsAnswer<>(Kind.RECORDS, records, ttl, authentic, "");
    }

    public static <T> DnsAnswer<T> nxdomain(Duration negativeTtl, String detail) {
        return new DnsAnswer<>(Kind.NXDOMAIN, List.of(), negativeTtl, false, detail);
    }

    public static <T> DnsAnswer<T> nodata(Duration negativeTtl, String detail) {
        return new DnsAnswer<>(Kind.NODATA, List.of(), negativeTtl, false, detail);
    }

    /** No usable answer; {@code reason} says why (e.g. "timeout after 2 attempts (127.0.0.1:53)"). */
    public static <T> DnsAnswer<T> temporaryFailure(String reason) {
        return new DnsAnswer<>(Kind.TEMPORARY_FAILURE, List.of(), Duration.ZERO, false, reason);
    }

    public Kind kind() {
        return kind;
    }

    public boolean hasRecords() {
        return kind == Kind.RECORDS;
    }

    public boolean isTemporaryFailure() {
        return kind == Kind.TEMPORARY_FAILURE;
    }

    /** NXDOMAIN or NODATA: the DNS said authoritatively that there is nothing. */
    public boolean isNegative() {
        return kind == Kind.NXDOMAIN || kind == Kind.NODATA;
    }

    public List<T> records() {
        return records;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Whether the resolver set the AD bit: it validated the answer with DNSSEC (RFC 4035 §3.2.3). */
    public boolean authentic() {
        return authentic;
    }

    /** Why there are no records (the failure reason, or where the negative answer came from); "" otherwise. */
    public String detail() {
        return detail;
    }

    public DnsAnswer<T> withTtl(Duration remaining) {
        return new DnsAnswer<>(kind, records, remaining, authentic, detail);
    }

    public <U> DnsAnswer<U> map(Function<? super T, ? extends U> mapper) {
        List<U> mapped = records.stream().map(mapper).collect(Collectors.toList());
        return new DnsAnswer<>(kind, mapped, ttl, authentic, detail);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DnsAnswer)) {
            return false;
        }
        DnsAnswer<?> that = (DnsAnswer<?>) other;
        return kind == that.kind && records.equals(that.records) && ttl.equals(that.ttl)
            && authentic == that.authentic && detail.equals(that.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, records, ttl, authentic, detail);
    }

    @Override
    public String toString() {
        switch (kind) {
            case RECORDS:
                return records + " ttl=" + ttl.getSeconds() + (authentic ? " authentic" : "");
            case TEMPORARY_FAILURE:
                return "temporary failure: " + detail;
            default:
                return kind + " ttl=" + ttl.getSeconds() + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }
}
