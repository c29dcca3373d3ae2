package org.mailauth.dkim;

import java.util.Locale;
import java.util.Optional;

/** The DKIM results of RFC 8601 §2.7.1, per signature and for a whole message. */
public enum DkimResult {
    NONE, PASS, FAIL, POLICY, NEUTRAL, TEMPERROR, PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DkimResult> ofKeyword(String keyword) {
        for (DkimResult result : values()) {
            if (result.keyword().equalsIgnoreCase(keyword.trim())) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /**
     * How much a signature's result says about the message, most first: a pass; a signature broken in
     * transit; a verification that may succeed later; a refusal by local policy; a broken signature or
     * key; a neutral one.
     */
    int weight() {
        switch (this) {
            case PASS:
                return 6;
            case FAIL:
                return 5;
            case TEMPERROR:
                return 4;
            case POLICY:
                return 3;
            case PERMERROR:
                return 2;
            case NEUTRAL:
                return 1;
            default:
                return 0;
        }
    }
}
