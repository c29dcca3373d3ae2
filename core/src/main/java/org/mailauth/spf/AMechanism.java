package org.mailauth.spf;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@code a[:<domain-spec>][/ip4-cidr][//ip6-cidr]} (RFC 7208 §5.3): an address of the target is the client's. */
final class AMechanism extends Mechanism {

    private final Optional<DomainSpec> target;
    private final DualCidr cidr;

    AMechanism(Optional<DomainSpec> target, DualCidr cidr) {
        this.target = target;
        this.cidr = cidr;
    }

    @Override
    boolean queriesDns() {
        return true;
    }

    @Override
    CompletionStage<Boolean> matches(Evaluation evaluation, String domain) {
        return evaluation.targetName(target, domain).thenCompose(name -> {
            if (name.isEmpty()) {
                return Evaluation.NO_MATCH;
            }
            return evaluation.addresses(name.get(), true).thenApply(addresses -> anyMatches(evaluation.ip(), addresses));
        });
    }

    private boolean anyMatches(InetAddress ip, Iterable<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            if (cidr.matches(ip, address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "a" + target.map(spec -> ":" + spec).orElse("") + cidr;
    }
}
