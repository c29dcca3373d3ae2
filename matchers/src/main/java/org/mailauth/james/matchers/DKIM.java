package org.mailauth.james.matchers;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.james.verdicts.DkimVerdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches all recipients when the message's DKIM verdict (RFC 6376: pass if any signature passes, else the
 * most telling failure; none when unsigned) is one of the results in the condition, e.g.
 * {@code match="org.mailauth.james.matchers.DKIM=fail,permerror"}. Verified once per mail; per-signature
 * results are kept as attributes ({@code org.mailauth.dkim}). Outbound mail never matches.
 */
public final class DKIM extends GenericMatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(DKIM.class);

    private final DkimVerdicts verdicts;
    private Set<DkimResult> wanted;

    @Inject
    public DKIM(DkimVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(getClass().getName() + ": a condition is required, e.g. =fail,permerror");
        }
        wanted = EnumSet.noneOf(DkimResult.class);
        for (String name : condition.split(",")) {
            wanted.add(DkimResult.ofKeyword(name).orElseThrow(() -> new MessagingException(getClass().getName()
                + ": unknown DKIM result '" + name.trim() + "' in condition '" + condition
                + "'; the results are none, pass, fail, policy, neutral, temperror, permerror")));
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            Optional<DkimVerification> verification = verdicts.of(mail);
            return verification.isPresent() && wanted.contains(verification.get().verdict()) ? mail.getRecipients() : List.of();
        } catch (RuntimeException e) {
            LOGGER.error("DKIM matcher: no verdict for mail {}; not matching", mail.getName(), e);
            return List.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth DKIM (RFC 6376) verdict matcher";
    }
}
