package org.mailauth.dkim;

/**
 * Body canonicalization (RFC 6376 §3.4.3 simple, §3.4.4 relaxed) as a streaming transform: raw body bytes
 * in, in chunks of any size, canonical bytes out to a {@link Sink}. Lines may end in CRLF or a bare LF
 * (both become CRLF); a CR not followed by LF is content. Empty lines at the end are held back and
 * dropped. Runs of ordinary bytes are copied in bulk.
 */
abstract class BodyCanonicalizer {

    /** Receives canonical body bytes. */
    interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CRLF = {CR, LF};

    private final Sink sink;
    private final byte[] out = new byte[8192];
    private int outLength;
    private int blankLines;
    private boolean pendingCr;
    protected boolean lineHasContent;
    protected boolean emittedAnything;

    BodyCanonicalizer(Sink sink) {
        this.sink = sink;
    }

    static BodyCanonicalizer of(Canonicalization canonicalization, Sink sink) {
        return canonicalization == Canonicalization.SIMPLE ? new Simple(sink) : new Relaxed(sink);
    }

    /** Whether {@code b} needs attention beyond copying: CR, LF, and for relaxed SP and HTAB. */
    abstract boolean isSpecial(byte b);

    /** A space or tab, for relaxed. */
    abstract void whitespace();

    abstract void endOfFinish();

    final void update(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (pendingCr) {
                pendingCr = false;
                if (bytes[i] == LF) {
                    endLine();
                    i++;
                    continue;
                }
                content(new byte[] {CR}, 0, 1);
            }
            byte b = bytes[i];
            if (!isSpecial(b)) {
                int start = i;
                while (i < end && !isSpecial(bytes[i])) {
                    i++;
                }
                content(bytes, start, i - start);
                continue;
            }
            if (b == CR) {
                pendingCr = true;
            } else if (b == LF) {
                endLine();
            } else {
                whitespace();
            }
            i++;
        }
    }

    final void finish() {
        if (pendingCr) {
            pendingCr = false;
            content(new byte[] {CR}, 0, 1);
        }
        if (lineHasContent) {
            emit(CRLF, 0, 2);
            lineHasContent = false;
        }
        endOfFinish();
        flush();
    }

    /** Ordinary bytes of the current line. */
    void content(byte[] bytes, int offset, int length) {
        if (!lineHasContent) {
            for (; blankLines > 0; blankLines--) {
                emit(CRLF, 0, 2);
            }
            lineHasContent = true;
        }
        emit(bytes, offset, length);
    }

    void endLine() {
        if (lineHasContent) {
            emit(CRLF, 0, 2);
        } else {
            blankLines++;
        }
        lineHasContent = false;
    }

    final void emit(byte[] bytes, int offset, int length) {
        emittedAnything = true;
        if (length > out.length - outLength) {
            flush();
            if (length > out.length) {
                sink.accept(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, out, outLength, length);
        outLength += length;
    }

    private void flush() {
        if (outLength > 0) {
            sink.accept(out, 0, outLength);
            outLength = 0;
        }
    }

    /** §3.4.3: lines unchanged; an empty body becomes a single CRLF. */
    static final class Simple extends BodyCanonicalizer {
        Simple(Sink sink) {
            super(sink);
        }

        @Override
        boolean isSpecial(byte b) {
            return b == CR || b == LF;
        }

        @Override
        void whitespace() {
            throw new IllegalStateException("simple canonicalization has no whitespace rule");
        }

        @Override
        void endOfFinish() {
            if (!emittedAnything) {
                emit(CRLF, 0, 2);
            }
        }
    }

    /** §3.4.4: runs of WSP become one SP, WSP at the end of lines goes; an empty body stays empty. */
    static final class Relaxed extends BodyCanonicalizer {
        private static final byte[] SPACE = {' '};
        private boolean pendingSpace;

        Relaxed(Sink sink) {
            super(sink);
        }

        @Override
        boolean isSpecial(byte b) {
            return b == CR || b == LF || b == ' ' || b == '\t';
        }

        @Override
        void whitespace() {
            pendingSpace = true;
        }

        @Override
        void content(byte[] bytes, int offset, int length) {
            if (pendingSpace) {
                pendingSpace = false;
                super.content(SPACE, 0, 1);
            }
            super.content(bytes, offset, length);
        }

        @Override
        void endLine() {
            pendingSpace = false;
            super.endLine();
        }

        @Override
        void endOfFinish() {
            pendingSpace = false;
        }
    }
}
