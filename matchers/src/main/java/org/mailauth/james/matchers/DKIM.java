package org.mailauth.james.matchers;

import javax.inject.Inject;

import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.dkim.DkimResult;

/**
 * Matches all recipients when the message's DKIM verdict (RFC 6376: pass if any signature passes, else the
 * most telling failure; none when unsigned) is one of the results in the condition, e.g.
 * {@code match="org.mailauth.james.matchers.DKIM=fail,permerror"}. Verified once per mail; per-signature
 * results are kept as attributes ({@code org.mailauth.dkim}). Outbound mail never matches.
 */
public final class DKIM extends AuthenticationMatcher<DkimResult> {

    @Inject
    public DKIM(Verdicts verdicts) {
        super(verdicts, DkimResult.class, DkimResult::keyword, authentication -> authentication.dkim().verdict(), "DKIM result");
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth DKIM (RFC 6376) verdict matcher";
    }
}
