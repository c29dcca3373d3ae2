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
import org.mailauth.james.verdicts.SpfVerdicts;
import org.mailauth.spf.SpfResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches all recipients when the mail's SPF result (RFC 7208, MAIL FROM identity) is one of the results
 * in the condition, e.g. {@code match="org.mailauth.james.matchers.SPF=fail,softfail"}. The result is
 * computed once per mail and kept as attributes ({@code org.mailauth.spf.result}). Mail that is not inbound
 * (written by James, or from authenticated or relay-allowed clients, see {@code verify-relay-allowed}) has
 * no SPF result and never matches. An unknown result name stops James at start-up.
 */
public final class SPF extends GenericMatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(SPF.class);

    private final SpfVerdicts verdicts;
    private Set<SpfResult.Code> wanted;

    @Inject
    public SPF(SpfVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void init() throws MessagingException {
        wanted = ResultCondition.parse(getCondition(), getClass().getName());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            Optional<SpfResult> result = verdicts.of(mail);
            return result.isPresent() && wanted.contains(result.get().code()) ? mail.getRecipients() : List.of();
        } catch (RuntimeException e) {
            LOGGER.error("SPF matcher: no verdict for mail {}; not matching", mail.getName(), e);
            return List.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth SPF (RFC 7208) result matcher";
    }

    /** The comma-separated RFC 8601 result names of a condition. */
    static final class ResultCondition {
        private ResultCondition() {
        }

        static Set<SpfResult.Code> parse(String condition, String matcher) throws MessagingException {
            if (condition == null || condition.isBlank()) {
                throw new MessagingException(matcher + ": a condition is required, e.g. =fail,softfail");
            }
            Set<SpfResult.Code> codes = EnumSet.noneOf(SpfResult.Code.class);
            for (String name : condition.split(",")) {
                Optional<SpfResult.Code> code = SpfResult.Code.ofKeyword(name);
                if (code.isEmpty()) {
                    throw new MessagingException(matcher + ": unknown SPF result '" + name.trim()
                        + "' in condition '" + condition + "'; the results are none, neutral, pass, fail, softfail, temperror, permerror");
                }
                codes.add(code.get());
            }
            return codes;
        }
    }
}
