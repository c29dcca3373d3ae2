package org.mailauth.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;
import org.mailauth.results.MethodResult;
import org.mailauth.spf.SpfResult;

/**
 * The authentication of one inbound message: the SPF result of its MAIL FROM identity (RFC 7208 §2.4), the result of
 * each DKIM signature (RFC 6376 §6), the validation of its ARC chain (RFC 8617 §5.2), the DMARC result (RFC 9989 §5.3), and the Authentication-Results field they make
 * (RFC 8601 §2.7: one {@code dkim=} per signature, {@code dkim=none} for an unsigned message).
 */
public final class Authentication {

    private final SpfResult spf;
    private final DkimVerification dkim;
    private final ArcVerification arc;
    private final DmarcResult dmarc;

    public Authentication(SpfResult spf, DkimVerification dkim, ArcVerification arc, DmarcResult dmarc) {
        this.spf = Objects.requireNonNull(spf);
        this.dkim = Objects.requireNonNull(dkim);
        this.arc = Objects.requireNonNull(arc);
        this.dmarc = Objects.requireNonNull(dmarc);
    }

    public SpfResult spf() {
        return spf;
    }

    public DkimVerification dkim() {
        return dkim;
    }

    /** The validation of the message's ARC chain (RFC 8617 §5.2); none when it has no ARC header fields. */
    public ArcVerification arc() {
        return arc;
    }

    public DmarcResult dmarc() {
        return dmarc;
    }

    /**
     * The resinfo of each method, in the order SPF, DKIM (one per signature, or none), ARC (when the message has ARC
     * header fields), DMARC.
     */
    public List<MethodResult> methodResults() {
        return methodResults(arc.status() != ChainValidationStatus.NONE);
    }

    private List<MethodResult> methodResults(boolean withArc) {
        List<MethodResult> results = new ArrayList<>();
        results.add(spf.authenticationResult());
        if (dkim.signatures().isEmpty()) {
            results.add(new MethodResult("dkim", DkimResult.NONE.keyword(), Optional.empty(), List.of()));
        }
        dkim.signatures().forEach(signature -> results.add(signature.authenticationResult()));
        if (withArc) {
            results.add(arc.authenticationResult(Optional.of(spf.clientIp().getHostAddress())));
        }
        results.add(dmarc.authenticationResult());
        return results;
    }

    /** The Authentication-Results field under {@code authservId}. */
    public AuthenticationResultsField field(AuthservId authservId) {
        return new AuthenticationResultsField(authservId, methodResults());
    }

    /**
     * The authres-payload of the ARC-Authentication-Results this ADMD adds when it seals (RFC 8617 §4.1.1): the same
     * results, {@code arc=} always among them, so the next hop reads the chain's status as it arrived (§6).
     */
    public String arcAuthenticationResults(AuthservId authservId) {
        return new AuthenticationResultsField(authservId, methodResults(true)).value();
    }

    @Override
    public String toString() {
        return "spf " + spf + "; dkim " + dkim + "; arc " + arc + "; dmarc " + dmarc;
    }
}
