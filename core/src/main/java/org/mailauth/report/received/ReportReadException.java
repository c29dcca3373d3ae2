package org.mailauth.report.received;

/** A file that is not a report we can read exactly, or that breaks a {@link ReadLimits} bound; the message says why. */
public final class ReportReadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportReadException(String message) {
        super(message);
    }
}
