package org.mailauth.spf;

import java.net.InetAddress;
import org.mailauth.results.FieldText;

/** The {@code dual-cidr-length} of {@code a} and {@code mx} (RFC 7208 §5.6): one prefix per address family. */
final class DualCidr {

    static final DualCidr HOST = new DualCidr(32, 128);

    private final int ip4;
    private final int ip6;

    DualCidr(int ip4, int ip6) {
        this.ip4 = ip4;
        this.ip6 = ip6;
    }

    /** {@code [/ip4][//ip6]} as written after the domain-spec, e.g. "/24", "//64", "/24//64", "". */
    static DualCidr parse(String text, String term) throws SpfSyntaxException {
        if (text.isEmpty()) {
            return HOST;
        }
        int ip4 = 32;
        int ip6 = 128;
        String rest = text;
        if (!rest.startsWith("//")) {
            int end = rest.indexOf('/', 1);
            String digits = end < 0 ? rest.substring(1) : rest.substring(1, end);
            ip4 = Cidr.parseLength(digits, 32, term);
            rest = end < 0 ? "" : rest.substring(end);
        }
        if (!rest.isEmpty()) {
            if (!rest.startsWith("//")) {
                throw new SpfSyntaxException("invalid CIDR lengths in " + FieldText.quote(term));
            }
            ip6 = Cidr.parseLength(rest.substring(2), 128, term);
        }
        return new DualCidr(ip4, ip6);
    }

    boolean matches(InetAddress client, InetAddress address) {
        return Cidr.matches(client, address, Cidr.isIpv4(client) ? ip4 : ip6);
    }

    @Override
    public String toString() {
        return (ip4 == 32 ? "" : "/" + ip4) + (ip6 == 128 ? "" : "//" + ip6);
    }
}
