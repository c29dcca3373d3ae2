package org.mailauth.dns;

import java.util.Objects;

/** The data of one MX record (RFC 1035 §3.3.9): a preference and the exchange host name. */
public final class MxHost {

    private final int preference;
    private final String exchange;

    public MxHost(int preference, String exchange) {
        this.preference = preference;
        this.exchange = Objects.requireNonNull(exchange);
    }

    public int preference() {
        return preference;
    }

    /** The exchange as a domain name without the trailing dot ("" for the null MX of RFC 7505). */
    public String exchange() {
        return exchange;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MxHost && ((MxHost) other).preference == preference
            && ((MxHost) other).exchange.equals(exchange);
    }

    @Override
    public int hashCode() {
        return Objects.hash(preference, exchange);
    }

    @Override
    public String toString() {
        return preference + " " + exchange;
    }
}
