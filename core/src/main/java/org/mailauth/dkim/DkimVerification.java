package org.mailauth.dkim;

import java.util.Comparator;
import java.util.List;

/** The DKIM results of one message: one per signature examined (RFC 6376 §6), and the message's verdict. */
public final class DkimVerification {

    private final List<DkimSignatureResult> signatures;

    public DkimVerification(List<DkimSignatureResult> signatures) {
        this.signatures = List.copyOf(signatures);
    }

    public List<DkimSignatureResult> signatures() {
        return signatures;
    }

    /** pass if any signature passes, else the most telling result ({@link DkimResult#weight()}); none when unsigned. */
    public DkimResult verdict() {
        return signatures.stream()
            .map(DkimSignatureResult::result)
            .max(Comparator.comparingInt(DkimResult::weight))
            .orElse(DkimResult.NONE);
    }

    @Override
    public String toString() {
        return verdict().keyword() + " " + signatures;
    }
}
