package org.mailauth.james.matchers;

import javax.inject.Inject;

import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.spf.SpfResult;

/**
 * Matches all recipients when the mail's SPF result (RFC 7208, MAIL FROM identity) is one of the results
 * in the condition, e.g. {@code match="org.mailauth.james.matchers.SPF=fail,softfail"}. The result is
 * computed once per mail and kept as attributes ({@code org.mailauth.spf.result}). Mail that is not inbound
 * (written by James, or from authenticated or relay-allowed clients, see {@code verify-relay-allowed}) has
 * no SPF result and never matches. An unknown result name stops James at start-up.
 */
public final class SPF extends AuthenticationMatcher<SpfResult.Code> {

    @Inject
    public SPF(Verdicts verdicts) {
        super(verdicts, SpfResult.Code.class, SpfResult.Code::keyword, authentication -> authentication.spf().code(), "SPF result");
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth SPF (RFC 7208) result matcher";
    }
}
