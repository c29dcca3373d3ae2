package org.mailauth.james.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this gateway's {@code Authentication-Results} header field (RFC 8601) at the top of inbound mail,
 * and first removes every such field that already claims this gateway's authserv-id: a sender could
 * otherwise forge our verdict (RFC 8601 §5). Fields of other authserv-ids are left alone.
 *
 * <p>Parameters:
 * <ul>
 * <li>{@code authservId}: the name written into the field; default {@code authserv-id} of
 * {@code mailauth.properties}, else the host name.</li>
 * </ul>
 * Until an authentication method has run on the mail the field says {@code none} (RFC 8601 §2.2).
 */
public final class AuthenticationResults extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationResults.class);
    private static final String AUTHSERV_ID = "authservId";

    private final AuthservId defaultAuthservId;
    private AuthservId authservId;

    @Inject
    public AuthenticationResults(AuthservId defaultAuthservId) {
        this.defaultAuthservId = defaultAuthservId;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, Set.of(AUTHSERV_ID));
        Optional<String> configured = parameters.optional(AUTHSERV_ID);
        try {
            authservId = configured.map(AuthservId::of).orElse(defaultAuthservId);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(AUTHSERV_ID, e.getMessage());
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        AuthenticationResultsField field = new AuthenticationResultsField(authservId, java.util.List.of());
        int removed = HeaderFields.prepend(message, AuthenticationResultsField.NAME, field.value(),
            existing -> AuthenticationResultsField.claimedAuthservId(existing).map(authservId::matches).orElse(false));
        if (removed > 0) {
            LOGGER.info("Removed {} Authentication-Results field(s) claiming our authserv-id {} from mail {}",
                removed, authservId, mail.getName());
        }
    }

    @Override
    public String getMailetInfo() {
        return "mailauth AuthenticationResults (RFC 8601)";
    }
}
