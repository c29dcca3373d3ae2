package org.mailauth.arc;

import java.util.Locale;
import java.util.Optional;

/** What became of one ARC signature (an AMS or an AS): verified, failed with the reason, or not examined. */
public final class SignatureCheck {

    /** The outcome. */
    public enum Outcome {
        PASS, FAIL, NOT_CHECKED;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    static final SignatureCheck PASSED = new SignatureCheck(Outcome.PASS, Optional.empty());
    static final SignatureCheck NOT_CHECKED = new SignatureCheck(Outcome.NOT_CHECKED, Optional.empty());

    private final Outcome outcome;
    private final Optional<String> reason;

    private SignatureCheck(Outcome outcome, Optional<String> reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    static SignatureCheck failed(String reason) {
        return new SignatureCheck(Outcome.FAIL, Optional.of(reason));
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** Why it failed. */
    public Optional<String> reason() {
        return reason;
    }

    @Override
    public String toString() {
        return outcome.keyword() + reason.map(why -> " (" + why + ")").orElse("");
    }
}
