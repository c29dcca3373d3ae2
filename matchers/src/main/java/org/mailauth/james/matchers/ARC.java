package org.mailauth.james.matchers;

import javax.inject.Inject;

import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.james.verdicts.Verdicts;

/**
 * Matches all recipients when the Chain Validation Status of the message's Authenticated Received Chain (RFC 8617
 * §4.4, §5.2) is one of those in the condition, e.g. {@code match="org.mailauth.james.matchers.ARC=fail"}: none (no ARC
 * header fields), pass, fail. Validated once per mail with DKIM; the details are kept as attributes
 * ({@code org.mailauth.arc}). Outbound mail never matches. A passing chain only says who handled the message; whether to
 * trust what a sealer recorded is {@code dmarc.trusted-arc-sealers} in mailauth.properties.
 */
public final class ARC extends AuthenticationMatcher<ChainValidationStatus> {

    @Inject
    public ARC(Verdicts verdicts) {
        super(verdicts, ChainValidationStatus.class, ChainValidationStatus::keyword, authentication -> authentication.arc().status(),
            "ARC chain validation status");
    }

    @Override
    public String getMatcherInfo() {
        return "mailauth ARC (RFC 8617) chain validation matcher";
    }
}
