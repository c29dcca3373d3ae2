package org.mailauth.spf;

/** The qualifier of a directive and the result a match gives (RFC 7208 §4.6.2). */
enum Qualifier {
    PASS('+', SpfResult.Code.PASS),
    FAIL('-', SpfResult.Code.FAIL),
    SOFTFAIL('~', SpfResult.Code.SOFTFAIL),
    NEUTRAL('?', SpfResult.Code.NEUTRAL);

    private final char symbol;
    private final SpfResult.Code result;

    Qualifier(char symbol, SpfResult.Code result) {
        this.symbol = symbol;
        this.result = result;
    }

    char symbol() {
        return symbol;
    }

    SpfResult.Code result() {
        return result;
    }

    /** The qualifier a directive starts with, if any. */
    static Qualifier of(char c) {
        for (Qualifier qualifier : values()) {
            if (qualifier.symbol == c) {
                return qualifier;
            }
        }
        return null;
    }
}
