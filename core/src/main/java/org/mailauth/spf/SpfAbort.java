package org.mailauth.spf;

/**
 * Ends check_host() at once with "temperror" or "permerror" and the reason, from however deep in the
 * evaluation (an include, a limit, a DNS failure). Carries no stack trace: it is a result, not a bug.
 */
final class SpfAbort extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SpfResult.Code code;

    private SpfAbort(SpfResult.Code code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    static SpfAbort permerror(String reason) {
        return new SpfAbort(SpfResult.Code.PERMERROR, reason);
    }

    static SpfAbort temperror(String reason) {
        return new SpfAbort(SpfResult.Code.TEMPERROR, reason);
    }

    SpfResult.Code code() {
        return code;
    }
}
