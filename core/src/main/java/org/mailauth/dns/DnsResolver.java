package org.mailauth.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

/**
 * Asynchronous DNS lookups for the record types email authentication needs. Every method completes
 * normally with a {@link DnsAnswer}, never exceptionally: failures are
 * {@link DnsAnswer.Kind#TEMPORARY_FAILURE} answers. Names are absolute domain names; a trailing dot is
 * optional and case does not matter. A name that cannot exist in the DNS (an empty label, a label over
 * 63 octets, over 255 octets in all) gets NXDOMAIN without a query.
 */
public interface DnsResolver {

    /**
     * TXT records, each with its character-strings joined with nothing in between
     * (RFC 7208 §3.3, RFC 6376 §3.6.2.2), decoded as UTF-8.
     */
    CompletionStage<DnsAnswer<String>> txt(String name);

    /** A records (IPv4 addresses). */
    CompletionStage<DnsAnswer<InetAddress>> a(String name);

    /** AAAA records (IPv6 addresses). */
    CompletionStage<DnsAnswer<InetAddress>> aaaa(String name);

    /** MX records, in the order the server gave them. */
    CompletionStage<DnsAnswer<MxHost>> mx(String name);

    /** PTR records of the reverse name of {@code address} (in-addr.arpa or ip6.arpa), without trailing dots. */
    CompletionStage<DnsAnswer<String>> ptr(InetAddress address);
}
