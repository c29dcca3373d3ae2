package org.mailauth.spf;

/** A record, macro or term that does not follow the ABNF of RFC 7208; evaluating it gives "permerror" (§4.6). */
public final class SpfSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    public SpfSyntaxException(String message) {
        super(message);
    }
}
