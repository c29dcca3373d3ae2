package org.mailauth.message;

import java.io.OutputStream;

/**
 * A message written in as it streams (RFC 5322 §2.1): the header section is read into fields, then every body byte
 * is handed on. The DKIM signer and verifier both see a message this way, so neither keeps its body.
 */
public abstract class MessageStream extends OutputStream {

    private final HeaderReader headers = new HeaderReader();
    private boolean inBody;

    /** The header section has been read; body bytes follow. */
    protected abstract void headers(HeaderSection section);

    protected abstract void body(byte[] bytes, int offset, int length);

    @Override
    public final void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] bytes, int offset, int length) {
        if (!inBody) {
            int taken = headers.feed(bytes, offset, length);
            if (!headers.done()) {
                return;
            }
            inBody = true;
            headers(HeaderSection.of(headers.fields()));
            offset += taken;
            length -= taken;
        }
        body(bytes, offset, length);
    }

    /** Ends the header section if the message ended inside it (a message without body). */
    protected final void endOfMessage() {
        if (!inBody) {
            headers.end();
            inBody = true;
            headers(HeaderSection.of(headers.fields()));
        }
    }

    @Override
    public void close() {
        // The owner ends the message (finish()); closing the stream does not.
    }
}
