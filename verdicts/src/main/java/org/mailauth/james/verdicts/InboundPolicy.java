package org.mailauth.james.verdicts;

/**
 * Which mail the checks apply to (docs/architecture.md). Mail James wrote itself has no SMTP client and is never
 * checked; mail from authenticated or relay-allowed clients is outbound and is checked only when
 * {@code verify-relay-allowed=true} in mailauth.properties.
 */
public final class InboundPolicy {

    private final boolean verifyRelayAllowed;

    public InboundPolicy(boolean verifyRelayAllowed) {
        this.verifyRelayAllowed = verifyRelayAllowed;
    }

    public static InboundPolicy defaults() {
        return new InboundPolicy(false);
    }

    public boolean appliesTo(MailFacts facts) {
        if (facts.sentByJames() || facts.clientIp().isEmpty()) {
            return false;
        }
        return verifyRelayAllowed || !(facts.authenticated() || facts.relayAllowed());
    }

    public boolean verifyRelayAllowed() {
        return verifyRelayAllowed;
    }
}
