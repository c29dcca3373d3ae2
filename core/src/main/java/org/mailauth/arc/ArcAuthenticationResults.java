package org.mailauth.arc;

import java.util.Optional;

import org.mailauth.message.HeaderField;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.FieldText;

/**
 * An ARC-Authentication-Results field (RFC 8617 §4.1.1): {@code i=N;} and then the authres-payload of an
 * Authentication-Results field (RFC 8601 §2.2), read with the same reader when {@link #results()} is asked for. A payload
 * that reader cannot read leaves the set valid (the seal covers the text, not its meaning) but without results.
 */
public final class ArcAuthenticationResults {

    public static final String NAME = "ARC-Authentication-Results";

    private final HeaderField field;
    private final int instance;
    private final String payload;

    private ArcAuthenticationResults(HeaderField field, int instance, String payload) {
        this.field = field;
        this.instance = instance;
        this.payload = payload;
    }

    /** @throws ArcSyntaxException when the field does not begin with its instance tag and a semicolon */
    public static ArcAuthenticationResults parse(HeaderField field) throws ArcSyntaxException {
        String value = field.value();
        int semicolon = value.indexOf(';');
        String instanceTag = semicolon < 0 ? value : value.substring(0, semicolon);
        int equals = instanceTag.indexOf('=');
        if (semicolon < 0 || equals < 0 || !instanceTag.substring(0, equals).trim().equals("i")) {
            throw new ArcSyntaxException(NAME + " does not begin with i=N; but with "
                + FieldText.quote(value.trim().substring(0, Math.min(20, value.trim().length()))) + " (RFC 8617 §4.1.1)");
        }
        return new ArcAuthenticationResults(field, InstanceTag.parse(instanceTag.substring(equals + 1)), value.substring(semicolon + 1));
    }

    public HeaderField field() {
        return field;
    }

    public int instance() {
        return instance;
    }

    /** The authres-payload after {@code i=N;}, as written. */
    public String payload() {
        return payload;
    }

    /** The payload read as RFC 8601 results; empty when it cannot be read. Validation needs only the text, so it is read here. */
    public Optional<AuthenticationResultsField> results() {
        return AuthenticationResultsField.parse(payload);
    }
}
