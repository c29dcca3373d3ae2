package org.mailauth.spf;

import java.util.concurrent.CompletionStage;

/** A mechanism of RFC 7208 §5: it matches the client's IP or not; errors end the evaluation ({@link SpfAbort}). */
abstract class Mechanism {

    /** Whether it is one of the terms that query DNS and count toward the limit of 10 (§4.6.4). */
    abstract boolean queriesDns();

    /** Whether {@code evaluation}'s client matches, when evaluated in the record of {@code domain}. */
    abstract CompletionStage<Boolean> matches(Evaluation evaluation, String domain);
}
