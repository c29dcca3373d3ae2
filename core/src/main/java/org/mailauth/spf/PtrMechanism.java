package org.mailauth.spf;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code ptr[:<domain-spec>]} (RFC 7208 §5.5, "do not use"): a validated name of the client's IP is the
 * target or a subdomain of it. DNS errors here mean no match, not temperror.
 */
final class PtrMechanism extends Mechanism {

    private final Optional<DomainSpec> target;

    PtrMechanism(Optional<DomainSpec> target) {
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
            String wanted = name.get().toLowerCase(Locale.ROOT);
            return evaluation.validatedNames().thenApply(names -> names.stream()
                .map(validated -> validated.toLowerCase(Locale.ROOT))
                .anyMatch(validated -> validated.equals(wanted) || validated.endsWith("." + wanted)));
        });
    }

    @Override
    public String toString() {
        return "ptr" + target.map(spec -> ":" + spec).orElse("");
    }
}
