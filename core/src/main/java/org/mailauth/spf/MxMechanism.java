package org.mailauth.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.MxHost;

/**
 * {@code mx[:<domain-spec>][/ip4-cidr][//ip6-cidr]} (RFC 7208 §5.4): an address of one of the target's mail
 * exchangers is the client's. More than 10 exchangers is a permerror (§4.6.4). The exchangers' address
 * lookups go out together; the outcome is the one of looking them up in order (a DNS failure before the
 * first match ends the evaluation with temperror).
 */
final class MxMechanism extends Mechanism {

    private final Optional<DomainSpec> target;
    private final DualCidr cidr;

    MxMechanism(Optional<DomainSpec> target, DualCidr cidr) {
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
            return evaluation.dns().mx(name.get()).thenCompose(answer -> exchangers(evaluation, name.get(), answer));
        });
    }

    private CompletionStage<Boolean> exchangers(Evaluation evaluation, String name, DnsAnswer<MxHost> answer) {
        if (answer.isTemporaryFailure()) {
            throw SpfAbort.temperror("MX lookup of " + name + ": " + answer.detail());
        }
        if (!answer.hasRecords()) {
            evaluation.countVoidLookup(name);
            return Evaluation.NO_MATCH;
        }
        if (answer.records().size() > evaluation.settings().maxMxNames()) {
            throw SpfAbort.permerror(name + " has " + answer.records().size() + " MX records, more than "
                + evaluation.settings().maxMxNames() + " (RFC 7208 §4.6.4)");
        }
        List<MxHost> hosts = new ArrayList<>(answer.records());
        hosts.sort(Comparator.comparingInt(MxHost::preference));
        List<CompletableFuture<List<InetAddress>>> lookups = new ArrayList<>();
        for (MxHost host : hosts) {
            lookups.add(host.exchange().isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : evaluation.addresses(host.exchange(), false).toCompletableFuture());
        }
        return Evaluation.firstInOrder(lookups, addresses -> addresses.stream().anyMatch(a -> cidr.matches(evaluation.ip(), a)));
    }

    @Override
    public String toString() {
        return "mx" + target.map(spec -> ":" + spec).orElse("") + cidr;
    }
}
