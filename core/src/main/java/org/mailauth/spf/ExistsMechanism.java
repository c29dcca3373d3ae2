package org.mailauth.spf;

import java.util.concurrent.CompletionStage;

/** {@code exists:<domain-spec>} (RFC 7208 §5.7): the target has an A record (even for an IPv6 client). */
final class ExistsMechanism extends Mechanism {

    private final DomainSpec target;

    ExistsMechanism(DomainSpec target) {
        this.target = target;
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
            return evaluation.dns().a(name.get()).thenApply(answer -> {
                if (answer.isTemporaryFailure()) {
                    throw SpfAbort.temperror("A lookup of " + name.get() + ": " + answer.detail());
                }
                if (!answer.hasRecords()) {
                    evaluation.countVoidLookup(name.get());
                    return false;
                }
                return true;
            });
        });
    }

    @Override
    public String toString() {
        return "exists:" + target;
    }
}
