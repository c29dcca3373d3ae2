package org.mailauth.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;
import org.mailauth.results.MethodResult;
import org.mailauth.spf.SpfResult;

/**
 * The authentication of one inbound message: the SPF result of its MAIL FROM identity (RFC 7208 §2.4), the result of
 * each DKIM signature (RFC 6376 §6), the DMARC result (RFC 9989 §5.3), and the Authentication-Results field they make
 * (RFC 8601 §2.7: one {@code dkim=} per signature, {@code dkim=none} for an unsigned message).
 */
public final class Authentication {

    private final SpfResult spf;
    private final DkimVerification dkim;
    private final DmarcResult dmarc;

    public Authentication(SpfResult spf, DkimVerification dkim, DmarcResult dmarc) {
        this.spf = Objects.requireNonNull(spf);
        this.dkim = Objects.requireNonNull(dkim);
        this.dmarc = Objects.requireNonNull(dmarc);
    }

    public SpfResult spf() {
        return spf;
    }

    public DkimVerification dkim() {
        return dkim;
    }

    public DmarcResult dmarc() {
        return dmarc;
    }

    /** The resinfo of each method, in the order SPF, DKIM (one per signature, or none), DMARC. */
    public List<MethodResult> methodResults() {
        List<MethodResult> results = new ArrayList<>();
        results.add(spf.authenticationResult());
        if (dkim.signatures().isEmpty()) {
            results.add(new MethodResult("dkim", DkimResult.NONE.keyword(), Optional.empty(), List.of()));
        }
        dkim.signatures().forEach(signature -> results.add(signature.authenticationResult()));
        results.add(dmarc.authenticationResult());
        return results;
    }

    /** The Authentication-Results field under {@code authservId}. */
    public AuthenticationResultsField field(AuthservId authservId) {
        return new AuthenticationResultsField(authservId, methodResults());
    }

    @Override
    public String toString() {
        return "spf " + spf + "; dkim " + dkim + "; dmarc " + dmarc;
    }
}
