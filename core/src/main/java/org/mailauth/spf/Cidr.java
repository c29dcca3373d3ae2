package org.mailauth.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.mailauth.results.FieldText;

/** Prefix comparison of IP addresses, for ip4, ip6, a and mx (RFC 7208 §5.6). */
final class Cidr {

    private Cidr() {
    }

    /** Whether the first {@code prefix} bits of {@code a} and {@code b} are equal; different families never match. */
    static boolean matches(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (x[fullBytes] & mask) == (y[fullBytes] & mask);
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    /**
     * {@code ip4-cidr-length} (0–32) or {@code ip6-cidr-length} (0–128): "0" or a number without leading zero.
     */
    static int parseLength(String digits, int max, String term) throws SpfSyntaxException {
        boolean valid = !digits.isEmpty() && digits.length() <= 3 && digits.chars().allMatch(Character::isDigit)
            && (digits.equals("0") || digits.charAt(0) != '0');
        if (!valid || Integer.parseInt(digits) > max) {
            throw new SpfSyntaxException("invalid CIDR length " + FieldText.quote("/" + digits) + " in " + FieldText.quote(term));
        }
        return Integer.parseInt(digits);
    }
}
