package org.mailauth.james.matchers;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.james.verdicts.DmarcVerdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches all recipients when the message's DMARC result (RFC 9989) is one of the results in the condition,
 * e.g. {@code match="org.mailauth.james.matchers.DMARC=fail,temperror"}: pass, fail, none, temperror,
 * permerror. Evaluated once per mail; the details are kept as attributes ({@code org.mailauth.dmarc}).
 * Outbound mail never matches. To act on the sender's policy, use {@link DMARCPolicy}.
 */
public final class DMARC extends GenericMatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARC.class);

    private final DmarcVerdicts verdicts;
    private Set<DmarcResult.Code> wanted;

    @Inject
    public DMARC(DmarcVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(getClass().getName() + ": a condition is required, e.g. =fail,temperror");
        }
        wanted = EnumSet.noneOf(DmarcResult.Code.class);
        for (String name : condition.split(",")) {
            try {
                wanted.add(DmarcResult.Code.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new MessagingException(getClass().getName() + ": unknown DMARC result '" + name.trim() + "' in condition '"
                    + condition + "'; the results are pass, fail, none, temperror, permerror");
            }
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            Optional<DmarcResult> result = verdicts.of(mail);
            return result.isPresent() && wanted.contains(result.get().code()) ? mail.getRecipients() : List.of();
        } catch (RuntimeException e) {
            LOGGER.error("DMARC matcher: no result for mail {}; not matching", mail.getName(), e);
            return List.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth DMARC (RFC 9989) result matcher";
    }
}
