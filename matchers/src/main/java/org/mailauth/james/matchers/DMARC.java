package org.mailauth.james.matchers;

import javax.inject.Inject;

import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.dmarc.DmarcResult;

/**
 * Matches all recipients when the message's DMARC result (RFC 9989) is one of the results in the condition,
 * e.g. {@code match="org.mailauth.james.matchers.DMARC=fail,temperror"}: pass, fail, none, temperror,
 * permerror. Evaluated once per mail; the details are kept as attributes ({@code org.mailauth.dmarc}).
 * Outbound mail never matches. To act on the sender's policy, use {@link DMARCPolicy}.
 */
public final class DMARC extends AuthenticationMatcher<DmarcResult.Code> {

    @Inject
    public DMARC(Verdicts verdicts) {
        super(verdicts, DmarcResult.Code.class, DmarcResult.Code::keyword, authentication -> authentication.dmarc().code(), "DMARC result");
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth DMARC (RFC 9989) result matcher";
    }
}
