package org.mailauth.spf;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code all} (RFC 7208 §5.1): always matches. */
final class AllMechanism extends Mechanism {

    @Override
    boolean queriesDns() {
        return false;
    }

    @Override
    CompletionStage<Boolean> matches(Evaluation evaluation, String domain) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public String toString() {
        return "all";
    }
}
