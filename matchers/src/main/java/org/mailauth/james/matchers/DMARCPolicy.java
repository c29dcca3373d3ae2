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
import org.mailauth.dmarc.Policy;
import org.mailauth.james.verdicts.DmarcVerdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches all recipients when the DMARC disposition of the message is one of the condition's, e.g.
 * {@code match="org.mailauth.james.matchers.DMARCPolicy=reject"}: the sender domain's policy for a message that
 * failed DMARC, after the record's test mode ({@code t=y}), sampling and this gateway's local exceptions (trusted
 * forwarders, trusted signing domains). {@code none} matches everything else, passes included. Outbound mail and
 * mail without a result never match.
 */
public final class DMARCPolicy extends GenericMatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCPolicy.class);

    private final DmarcVerdicts verdicts;
    private Set<Policy> wanted;

    @Inject
    public DMARCPolicy(DmarcVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(getClass().getName() + ": a condition is required, e.g. =reject");
        }
        wanted = EnumSet.noneOf(Policy.class);
        for (String name : condition.split(",")) {
            try {
                wanted.add(Policy.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new MessagingException(getClass().getName() + ": unknown disposition '" + name.trim() + "' in condition '"
                    + condition + "'; the dispositions are none, quarantine, reject");
            }
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            Optional<DmarcResult> result = verdicts.of(mail);
            return result.isPresent() && wanted.contains(result.get().disposition()) ? mail.getRecipients() : List.of();
        } catch (RuntimeException e) {
            LOGGER.error("DMARCPolicy matcher: no result for mail {}; not matching", mail.getName(), e);
            return List.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth DMARC (RFC 9989) disposition matcher";
    }
}
