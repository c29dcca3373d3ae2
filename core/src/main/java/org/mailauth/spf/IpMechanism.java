package org.mailauth.spf;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code ip4:<network>[/len]} and {@code ip6:<network>[/len]} (RFC 7208 §5.6); an IPv4 client never matches ip6. */
final class IpMechanism extends Mechanism {

    private final String name;
    private final InetAddress network;
    private final int prefix;

    IpMechanism(String name, InetAddress network, int prefix) {
        this.name = name;
        this.network = network;
        this.prefix = prefix;
    }

    @Override
    boolean queriesDns() {
        return false;
    }

    @Override
    CompletionStage<Boolean> matches(Evaluation evaluation, String domain) {
        return CompletableFuture.completedFuture(Cidr.matches(evaluation.ip(), network, prefix));
    }

    @Override
    public String toString() {
        int full = Cidr.isIpv4(network) ? 32 : 128;
        return name + ":" + org.mailauth.dns.IpLiteral.format(network) + (prefix == full ? "" : "/" + prefix);
    }
}
