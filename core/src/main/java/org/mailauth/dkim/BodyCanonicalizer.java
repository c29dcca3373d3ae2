package org.mailauth.dkim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Body canonicalization (RFC 6376 §3.4.3 simple, §3.4.4 relaxed) as a streaming transform: raw body bytes
 * in, in chunks of any size, canonical bytes out to a {@link Sink}. Lines may end in CRLF or a bare LF
 * (both become CRLF); a CR not followed by LF is content. Empty lines at the end are held back and
 * dropped.
 *
 * <p>This is the hot path of DKIM on large messages, so each algorithm scans for the few bytes it must
 * change and copies everything between them in one piece: for relaxed, text with single spaces between
 * words is already canonical.
 */
public abstract class BodyCanonicalizer {

    /** Receives canonical body bytes. */
    public interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';
    private static final byte[] CRLF = {CR, LF};
    private static final byte[] CR_ONLY = {CR};
    private static final byte[] SPACE = {SP};
    /** Bytes that are neither CR, LF, SP nor HTAB. */
    private static final boolean[] ORDINARY = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            ORDINARY[b] = b != CR && b != LF && b != SP && b != HTAB;
        }
    }

    private final Sink sink;
    final byte[] out = new byte[65536];
    int outLength;
    int blankLines;
    boolean pendingCr;
    boolean lineHasContent;
    boolean emittedAnything;

    BodyCanonicalizer(Sink sink) {
        this.sink = sink;
    }

    public static BodyCanonicalizer of(Canonicalization canonicalization, Sink sink) {
        return canonicalization == Canonicalization.SIMPLE ? new Simple(sink) : new Relaxed(sink);
    }

    /** Raw body bytes, the next chunk of any size. */
    public abstract void update(byte[] bytes, int offset, int length);

    /** Ends the body: a last line without CRLF gets one, trailing empty lines are dropped. */
    public final void finish() {
        if (pendingCr) {
            pendingCr = false;
            bareCarriageReturn();
        }
        if (lineHasContent) {
            emit(CRLF, 0, 2);
            lineHasContent = false;
        }
        if (!emittedAnything) {
            emptyBody();
        }
        flush();
    }

    /** What an empty body canonicalizes to, written through {@link #emit}. */
    abstract void emptyBody();

    /** A CR not followed by LF: content of the line. */
    abstract void bareCarriageReturn();

    static boolean isOrdinary(byte b) {
        return ORDINARY[b & 0xff];
    }

    /** Content of the current line: first the empty lines held back, if this ends a run of them. */
    final void content(byte[] bytes, int offset, int length) {
        if (!lineHasContent) {
            for (; blankLines > 0; blankLines--) {
                emit(CRLF, 0, 2);
            }
            lineHasContent = true;
        }
        emit(bytes, offset, length);
    }

    final void endLine() {
        if (lineHasContent) {
            emit(CRLF, 0, 2);
            lineHasContent = false;
        } else {
            blankLines++;
        }
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

    final void flush() {
        if (outLength > 0) {
            sink.accept(out, 0, outLength);
            outLength = 0;
        }
    }

    /** §3.4.3: lines unchanged, CRLF line ends; an empty body becomes a single CRLF. */
    static final class Simple extends BodyCanonicalizer {
        Simple(Sink sink) {
            super(sink);
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
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
                    bareCarriageReturn();
                }
                byte b = bytes[i];
                if (b == CR) {
                    pendingCr = true;
                    i++;
                } else if (b == LF) {
                    endLine();
                    i++;
                } else {
                    int start = i;
                    while (i < end && bytes[i] != CR && bytes[i] != LF) {
                        i++;
                    }
                    content(bytes, start, i - start);
                }
            }
        }

        @Override
        void emptyBody() {
            emit(CRLF, 0, 2);
        }

        @Override
        void bareCarriageReturn() {
            content(CR_ONLY, 0, 1);
        }
    }

    /**
     * §3.4.4: runs of WSP become one SP, WSP at the end of lines goes; an empty body stays empty.
     *
     * <p>Most of a body is already canonical (text with single spaces, base64 lines), so inside a line eight
     * octets at a time are copied as they are up to the first control character or second space in a row
     * (SWAR tests on a long; the lowest flagged byte of each test is exact). A single space copied that way at the end of such a block is taken back
     * when the next octet shows it was trailing or doubled. The input goes in slices whose output (at most
     * twice their length: a bare LF becomes CRLF) fits the output buffer, so the loop never checks capacity.
     */
    static final class Relaxed extends BodyCanonicalizer {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long HIGH_BITS = 0x8080808080808080L;
        private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
        private static final long SPACES = 0x2020202020202020L;

        private boolean pendingSpace;

        Relaxed(Sink sink) {
            super(sink);
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            int i = offset;
            int end = offset + length;
            if (pendingCr && i < end) {
                pendingCr = false;
                if (bytes[i] == LF) {
                    i++;
                    pendingSpace = false;
                    endLine();
                } else {
                    text(CR_ONLY, 0, 1);
                }
            }
            while (i < end) {
                if (out.length - outLength < 64) {
                    flush();
                }
                int sliceEnd = Math.min(end, i + (out.length - outLength - 4) / 2);
                i = slice(bytes, i, sliceEnd, end);
            }
        }

        /** Canonicalizes bytes[i..sliceEnd) (a CR at the end may look at the next byte); returns where it stopped. */
        private int slice(byte[] bytes, int i, int sliceEnd, int end) {
            byte[] o = out;
            int n = outLength;
            boolean space = pendingSpace;
            boolean content = lineHasContent;
            while (i < sliceEnd) {
                if (content && !space) {
                    boolean previousSpace = n > 0 && o[n - 1] == SP;
                    for (int last = sliceEnd - 8; i <= last; ) {
                        long word = (long) LONGS.get(bytes, i);
                        long spaces = zeroBytes(word ^ SPACES);
                        long controls = (word - SPACES) & ~word & HIGH_BITS;
                        long doubled = spaces & ((spaces << 8) | (previousSpace ? 0x80L : 0));
                        LONGS.set(o, n, word);
                        long stop = controls | doubled;
                        if (stop != 0) {
                            // The octets before the first control character or second space are canonical.
                            int canonical = Long.numberOfTrailingZeros(stop) >>> 3;
                            int at = i + canonical;
                            boolean trailingSpace = canonical > 0 ? bytes[at - 1] == SP : previousSpace;
                            if (bytes[at] == CR && at + 2 <= last && bytes[at + 1] == LF && !trailingSpace
                                && isOrdinary(bytes[at + 2])) {
                                // A CRLF between two lines of content: copied too, and the next line goes on at once.
                                o[n + canonical] = CR;
                                o[n + canonical + 1] = LF;
                                i = at + 2;
                                n += canonical + 2;
                                previousSpace = false;
                                continue;
                            }
                            i = at;
                            n += canonical;
                            break;
                        }
                        i += 8;
                        n += 8;
                        previousSpace = spaces < 0;
                    }
                    if (i >= sliceEnd) {
                        break;
                    }
                }
                byte b = bytes[i];
                boolean lineBreak = b == LF || (b == CR && i + 1 < end && bytes[i + 1] == LF);
                if (lineBreak || b == SP || b == HTAB) {
                    if (content && !space && n > 0 && o[n - 1] == SP) {
                        n--;
                        space = true;
                    }
                }
                if (lineBreak) {
                    i += b == CR ? 2 : 1;
                    if (content) {
                        o[n++] = CR;
                        o[n++] = LF;
                        content = false;
                    } else {
                        blankLines++;
                    }
                    space = false;
                } else if (b == SP || b == HTAB) {
                    i++;
                    space = true;
                } else if (b == CR && i + 1 == end) {
                    i++;
                    pendingCr = true;
                } else {
                    if (!content && blankLines > 0) {
                        outLength = n;
                        pendingSpace = space;
                        lineHasContent = false;
                        content(out, 0, 0);
                        return i;
                    }
                    i++;
                    content = true;
                    if (space) {
                        o[n++] = SP;
                        space = false;
                    }
                    o[n++] = b;
                }
            }
            if (content && !space && n > 0 && o[n - 1] == SP) {
                n--;
                space = true;
            }
            outLength = n;
            pendingSpace = space;
            lineHasContent = content;
            return i;
        }

        /** The high bit of each byte of {@code x} that is zero, exactly (no borrow between bytes). */
        private static long zeroBytes(long x) {
            return ~(((x & LOW_SEVEN) + LOW_SEVEN) | x) & HIGH_BITS;
        }

        private void text(byte[] bytes, int offset, int length) {
            if (pendingSpace) {
                pendingSpace = false;
                content(SPACE, 0, 1);
            }
            content(bytes, offset, length);
        }

        @Override
        void emptyBody() {
            pendingSpace = false;
        }

        @Override
        void bareCarriageReturn() {
            text(CR_ONLY, 0, 1);
        }
    }
}
