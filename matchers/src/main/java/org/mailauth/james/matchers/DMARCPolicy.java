package org.mailauth.james.matchers;

import javax.inject.Inject;

import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.dmarc.Policy;

/**
 * Matches all recipients when the DMARC disposition of the message is one of the condition's, e.g.
 * {@code match="org.mailauth.james.matchers.DMARCPolicy=reject"}: the sender domain's policy for a message that
 * failed DMARC, after the record's test mode ({@code t=y}), sampling and this gateway's local exceptions (trusted
 * forwarders, trusted signing domains). {@code none} matches everything else, passes included. Outbound mail and
 * mail without a result never match.
 */
public final class DMARCPolicy extends AuthenticationMatcher<Policy> {

    @Inject
    public DMARCPolicy(Verdicts verdicts) {
        super(verdicts, Policy.class, Policy::value, authentication -> authentication.dmarc().disposition(), "disposition");
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth DMARC (RFC 9989) disposition matcher";
    }
}
