package org.mailauth.james.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.Verdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A matcher of one value of a Mail's authentication ({@link Verdicts}: made once, kept as attributes): its condition
 * is a comma-separated list of the value's RFC 8601 keywords, e.g. {@code =fail,softfail}; it matches all recipients
 * when the value is one of them. An unknown keyword, or no condition, stops James at start-up with a message that
 * names it. Mail that is not inbound has no authentication and never matches; nothing escapes a match.
 */
abstract class AuthenticationMatcher<T extends Enum<T>> extends GenericMatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationMatcher.class);

    private final Verdicts verdicts;
    private final Class<T> type;
    private final Function<T, String> keyword;
    private final Function<Authentication, T> value;
    private final String what;
    private Set<T> wanted;

    /** {@code what} names the value in messages ("SPF result"); {@code keyword} is how conditions write each value. */
    AuthenticationMatcher(Verdicts verdicts, Class<T> type, Function<T, String> keyword, Function<Authentication, T> value, String what) {
        this.verdicts = verdicts;
        this.type = type;
        this.keyword = keyword;
        this.value = value;
        this.what = what;
    }

    @Override
    public final void init() throws MessagingException {
        String condition = getCondition();
        List<String> keywords = Arrays.stream(type.getEnumConstants()).map(keyword).collect(Collectors.toList());
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(getClass().getName() + ": a condition is required: one or more " + what + "s, "
                + "comma-separated, of " + String.join(", ", keywords));
        }
        wanted = EnumSet.noneOf(type);
        for (String name : condition.split(",")) {
            Optional<T> named = Arrays.stream(type.getEnumConstants())
                .filter(constant -> keyword.apply(constant).equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
            wanted.add(named.orElseThrow(() -> new MessagingException(getClass().getName() + ": unknown " + what + " '" + name.trim()
                + "' in condition '" + condition + "'; the " + what + "s are " + String.join(", ", keywords))));
        }
    }

    @Override
    public final Collection<MailAddress> match(Mail mail) {
        try {
            Optional<Authentication> authentication = verdicts.of(mail);
            return authentication.isPresent() && wanted.contains(value.apply(authentication.get())) ? mail.getRecipients() : List.of();
        } catch (RuntimeException e) {
            LOGGER.error("{}: no authentication of mail {}; not matching", getClass().getSimpleName(), mail.getName(), e);
            return List.of();
        }
    }
}
