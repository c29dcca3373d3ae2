package org.mailauth.james.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimVerification;
import org.mailauth.james.verdicts.DkimVerdicts;
import org.mailauth.james.verdicts.DmarcVerdicts;
import org.mailauth.james.verdicts.SmtpFacts;
import org.mailauth.james.verdicts.SpfVerdicts;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.AuthservId;
import org.mailauth.results.MethodResult;
import org.mailauth.spf.SpfResult;
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
    private final SpfVerdicts spf;
    private final DkimVerdicts dkim;
    private final DmarcVerdicts dmarc;
    private AuthservId authservId;
    private boolean receivedSpf;

    @Inject
    public AuthenticationResults(AuthservId defaultAuthservId, SpfVerdicts spf, DkimVerdicts dkim, DmarcVerdicts dmarc) {
        this.defaultAuthservId = defaultAuthservId;
        this.spf = spf;
        this.dkim = dkim;
        this.dmarc = dmarc;
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
        List<MethodResult> results = new ArrayList<>();
        Optional<SpfResult> spfResult = verdict("SPF", mail, spf::of);
        spfResult.ifPresent(result -> results.add(result.authenticationResult()));
        verdict("DKIM", mail, dkim::of).ifPresent(verification -> results.addAll(dkimResults(verification)));
        verdict("DMARC", mail, dmarc::of).ifPresent(result -> results.add(result.authenticationResult()));

        List<String> fields = new ArrayList<>();
        fields.add(AuthenticationResultsField.NAME + ": " + new AuthenticationResultsField(authservId, results).value());
        if (receivedSpf && spfResult.isPresent()) {
            fields.add(RECEIVED_SPF_FIELD + ": " + spfResult.get().receivedSpf(authservId.value(), SmtpFacts.of(mail).mailFrom()));
        }
        int removed = HeaderFields.putOnTop(mail, fields, (name, value) -> name.equalsIgnoreCase(AuthenticationResultsField.NAME)
            && AuthenticationResultsField.claimedAuthservId(value).map(authservId::matches).orElse(false));
        if (removed > 0) {
            LOGGER.info("Removed {} Authentication-Results field(s) claiming our authserv-id {} from mail {}",
                removed, authservId, mail.getName());
        }
    }

    private <T> Optional<T> verdict(String method, Mail mail, Function<Mail, Optional<T>> verdicts) {
        try {
            return verdicts.apply(mail);
        } catch (RuntimeException e) {
            LOGGER.error("No {} verdict for mail {}; the field will not mention {}", method, mail.getName(), method, e);
            return Optional.empty();
        }
    }

    /** One dkim= per signature; "dkim=none" for an unsigned message (RFC 8601 §2.7.1). */
    private static List<MethodResult> dkimResults(DkimVerification verification) {
        if (verification.signatures().isEmpty()) {
            return List.of(new MethodResult("dkim", DkimResult.NONE.keyword(), Optional.empty(), List.of()));
        }
        List<MethodResult> results = new ArrayList<>();
        verification.signatures().forEach(signature -> results.add(signature.authenticationResult()));
        return results;
    }

    @Override
    public String getMailetInfo() {
        return "mailauth AuthenticationResults (RFC 8601)";
    }
}
