package org.mailauth.arc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.HeaderCanonicalizer;
import org.mailauth.dkim.HeaderData;
import org.mailauth.message.HeaderField;

/**
 * What the ARC-Seals of a chain sign (RFC 8617 §5.1.1): for the seal of instance i, the sets 1..i in increasing instance
 * order, each as its AAR, AMS and AS, relaxed, each followed by CRLF but the last, the AS of i with its b= emptied. Each
 * field is canonicalized once for all the seals of a validation, not once per seal that covers it.
 */
final class SealedData {

    private static final byte[] CRLF = {'\r', '\n'};

    private final List<ArcSet> sets;
    /** Per set: "AAR CRLF AMS CRLF", relaxed. */
    private final byte[][] heads;
    /** Per set: "AS CRLF", relaxed, as the seals above it sign it. */
    private final byte[][] seals;

    SealedData(List<ArcSet> sets) {
        this.sets = List.copyOf(sets);
        this.heads = new byte[sets.size()][];
        this.seals = new byte[sets.size()][];
        for (int index = 0; index < sets.size(); index++) {
            ArcSet set = sets.get(index);
            heads[index] = concat(relaxed(set.authenticationResults().field()), CRLF, relaxed(set.messageSignature().field()), CRLF);
            seals[index] = index < sets.size() - 1 ? concat(relaxed(set.seal().field()), CRLF) : new byte[0];
        }
    }

    /**
     * The SHA-256 hash of what each seal signs, index 0 for instance 1: one pass along the chain, each seal's block
     * hashed from the running hash of the sets below it, so a chain of N sets costs its length in hashing, not N times.
     */
    byte[][] sha256BySeal() {
        MessageDigest running = sha256();
        byte[][] hashes = new byte[sets.size()][];
        for (int index = 0; index < sets.size(); index++) {
            running.update(heads[index]);
            MessageDigest own = copy(running);
            own.update(relaxed(HeaderData.withoutSignatureValue(sets.get(index).seal().field())));
            hashes[index] = own.digest();
            running.update(seals[index]);
        }
        return hashes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be copied", e);
        }
    }

    /** What the seal of {@code instance} (1..N) signs. */
    byte[] signedBy(int instance) {
        byte[] own = relaxed(HeaderData.withoutSignatureValue(sets.get(instance - 1).seal().field()));
        int length = heads[instance - 1].length + own.length;
        for (int index = 0; index < instance - 1; index++) {
            length += heads[index].length + seals[index].length;
        }
        byte[] data = new byte[length];
        int at = 0;
        for (int index = 0; index < instance - 1; index++) {
            at = put(heads[index], data, at);
            at = put(seals[index], data, at);
        }
        at = put(heads[instance - 1], data, at);
        put(own, data, at);
        return data;
    }

    private static byte[] relaxed(HeaderField field) {
        return HeaderCanonicalizer.canonicalize(field, Canonicalization.RELAXED).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            at = put(part, out, at);
        }
        return out;
    }

    private static int put(byte[] part, byte[] into, int at) {
        System.arraycopy(part, 0, into, at, part.length);
        return at + part.length;
    }
}
