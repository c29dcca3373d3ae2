package org.mailauth.arc;

/** An ARC header field that cannot be read; its message is the reason, quoted safely. */
public final class ArcSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArcSyntaxException(String message) {
        super(message);
    }
}
