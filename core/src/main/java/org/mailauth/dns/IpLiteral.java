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

    /**
     * The address as text: dotted quad for IPv4, the canonical RFC 5952 form for IPv6 (lower case, leading
     * zeros dropped, the longest run of two or more zero groups written "::").
     */
    public static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
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
