package org.mailauth.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.xbill.DNS.Address;

/**
 * IP address literals ({@code 192.0.2.1}, {@code 2001:db8::1}) read without any DNS lookup, unlike
 * {@link InetAddress#getByName(String)} which resolves anything that is not a literal.
 */
public final class IpLiteral {

    private IpLiteral() {
    }

    public static Optional<InetAddress> parse(String text) {
        int family = text.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
        byte[] bytes = Address.toByteArray(text, family);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
