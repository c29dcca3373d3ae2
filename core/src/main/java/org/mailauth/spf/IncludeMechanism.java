package org.mailauth.spf;

import java.util.concurrent.CompletionStage;

/**
 * {@code include:<domain-spec>} (RFC 7208 §5.2): matches when check_host() of the target passes. Its
 * fail, softfail and neutral do not match; its temperror and permerror end the evaluation; a target without
 * an SPF record is a permerror.
 */
final class IncludeMechanism extends Mechanism {

    private final DomainSpec target;

    IncludeMechanism(DomainSpec target) {
        this.target = target;
    }

    DomainSpec target() {
        return target;
    }

    @Override
    boolean queriesDns() {
        return true;
    }

    @Override
    CompletionStage<Boolean> matches(Evaluation evaluation, String domain) {
        return evaluation.targetName(target, domain).thenCompose(name -> {
            if (name.isEmpty()) {
                throw SpfAbort.permerror("include:" + target + " is not a valid domain name after expansion");
            }
            return evaluation.checkHost(name.get()).thenApply(result -> {
                switch (result.code) {
                    case PASS:
                        return true;
                    case NONE:
                        throw SpfAbort.permerror("include:" + name.get() + " has no SPF record");
                    default:
                        return false;
                }
            });
        });
    }

    @Override
    public String toString() {
        return "include:" + target;
    }
}
