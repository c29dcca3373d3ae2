package org.mailauth.james.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.MailFacts;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this gateway's {@code Authentication-Results} header field (RFC 8601) at the top of inbound mail,
 * with the result of each authentication method — SPF (RFC 7208), DKIM (RFC 6376) and DMARC (RFC 9989), computing those no
 * matcher has computed yet — and first
 * removes every such field that already claims this gateway's authserv-id: a sender could otherwise forge
 * our verdict (RFC 8601 §5). Fields of other authserv-ids are left alone.
 *
 * <p>Parameters:
 * <ul>
 * <li>{@code authservId}: the name written into the field; default {@code authserv-id} of
 * {@code mailauth.properties}, else the host name.</li>
 * <li>{@code receivedSpf}: also write a {@code Received-SPF} field (RFC 7208 §9.1); default false.</li>
 * </ul>
 * Mail that no method applies to (written by James, or outbound) gets {@code authserv-id; none}.
 */
public final class AuthenticationResults extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationResults.class);
    private static final String AUTHSERV_ID = "authservId";
    private static final String RECEIVED_SPF = "receivedSpf";
    private static final String RECEIVED_SPF_FIELD = "Received-SPF";

    private final AuthservId defaultAuthservId;
    private final Verdicts verdicts;
    private AuthservId authservId;
    private boolean receivedSpf;

    @Inject
    public AuthenticationResults(AuthservId defaultAuthservId, Verdicts verdicts) {
        this.defaultAuthservId = defaultAuthservId;
        this.verdicts = verdicts;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, Set.of(AUTHSERV_ID, RECEIVED_SPF));
        Optional<String> configured = parameters.optional(AUTHSERV_ID);
        try {
            authservId = configured.map(AuthservId::of).orElse(defaultAuthservId);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(AUTHSERV_ID, e.getMessage());
        }
        receivedSpf = parameters.bool(RECEIVED_SPF, false);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<Authentication> authentication = authentication(mail);
        List<String> fields = new ArrayList<>();
        fields.add(AuthenticationResultsField.NAME + ": " + new AuthenticationResultsField(authservId,
            authentication.map(Authentication::methodResults).orElse(List.of())).value());
        if (receivedSpf && authentication.isPresent()) {
            fields.add(RECEIVED_SPF_FIELD + ": " + authentication.get().spf().receivedSpf(authservId.value(), MailFacts.of(mail).mailFrom()));
        }
        int removed = HeaderFields.putOnTop(mail, fields, (name, value) -> name.equalsIgnoreCase(AuthenticationResultsField.NAME)
            && AuthenticationResultsField.claimedAuthservId(value).map(authservId::matches).orElse(false));
        if (removed > 0) {
            LOGGER.info("Removed {} Authentication-Results field(s) claiming our authserv-id {} from mail {}",
                removed, authservId, mail.getName());
        }
    }

    private Optional<Authentication> authentication(Mail mail) {
        try {
            return verdicts.of(mail);
        } catch (RuntimeException e) {
            LOGGER.error("No authentication of mail {}; its field will say none", mail.getName(), e);
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "mailauth AuthenticationResults (RFC 8601)";
    }
}
