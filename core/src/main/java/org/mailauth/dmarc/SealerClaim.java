package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.mailauth.arc.ArcSetResult;
import org.mailauth.arc.ArcVerification;
import org.mailauth.arc.ChainValidationStatus;
import org.mailauth.results.AuthenticationResultsField;
import org.mailauth.results.MethodResult;

/**
 * A pass a trusted ARC sealer recorded in its ARC-Authentication-Results (RFC 8617 §7.2.1): {@code spf=pass} with the
 * domain of {@code smtp.mailfrom}, or {@code dkim=pass} with {@code header.d}. Only a chain that passes is read, and
 * only the sets whose ARC-Seal was made by a domain the receiver trusts.
 */
public final class SealerClaim {

    private final String sealer;
    private final int instance;
    private final String method;
    private final String domain;

    SealerClaim(String sealer, int instance, String method, String domain) {
        this.sealer = sealer;
        this.instance = instance;
        this.method = method;
        this.domain = domain;
    }

    /** The passes recorded by {@code trustedSealers} (lower-case domains) in a chain that passes, oldest set first. */
    static List<SealerClaim> of(ArcVerification arc, Set<String> trustedSealers) {
        List<SealerClaim> claims = new ArrayList<>();
        if (arc.status() != ChainValidationStatus.PASS || trustedSealers.isEmpty()) {
            return claims;
        }
        for (ArcSetResult set : arc.sets()) {
            String sealer = set.set().seal().domain();
            Optional<AuthenticationResultsField> results = set.set().authenticationResults().results();
            if (!trustedSealers.contains(sealer) || results.isEmpty()) {
                continue;
            }
            for (MethodResult result : results.get().results()) {
                if (!result.result().equalsIgnoreCase("pass")) {
                    continue;
                }
                String method = result.method().toLowerCase(Locale.ROOT);
                Optional<String> domain = method.equals("spf") ? property(result, "smtp", "mailfrom")
                    : method.equals("dkim") ? property(result, "header", "d") : Optional.empty();
                domain.map(SealerClaim::domainOf).filter(d -> !d.isEmpty())
                    .ifPresent(d -> claims.add(new SealerClaim(sealer, set.instance(), method, d)));
            }
        }
        return claims;
    }

    private static Optional<String> property(MethodResult result, String type, String name) {
        return result.properties().stream()
            .filter(property -> property.type().equalsIgnoreCase(type) && property.name().equalsIgnoreCase(name))
            .map(MethodResult.Property::value).findFirst();
    }

    private static String domainOf(String value) {
        String domain = value.substring(value.lastIndexOf('@') + 1).trim().toLowerCase(Locale.ROOT);
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    public String sealer() {
        return sealer;
    }

    public int instance() {
        return instance;
    }

    /** spf or dkim. */
    public String method() {
        return method;
    }

    /** The domain that passed: the MAIL FROM domain for SPF, d= for DKIM. */
    public String domain() {
        return domain;
    }

    @Override
    public String toString() {
        return method + "=pass " + (method.equals("spf") ? "smtp.mailfrom=" : "header.d=") + domain + " recorded by the trusted ARC sealer "
            + sealer + " (i=" + instance + ")";
    }
}
