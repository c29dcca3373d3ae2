package org.mailauth.report;

/** The report store could not be read or written (database down, schema missing); the caller decides what to keep. */
public final class ReportStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReportStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
