package org.mailauth.dkim;

/** A DKIM-Signature field or key record that does not follow RFC 6376 (a permerror, §6.1). */
public final class DkimSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    public DkimSyntaxException(String message) {
        super(message);
    }
}
