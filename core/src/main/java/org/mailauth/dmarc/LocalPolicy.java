package org.mailauth.dmarc;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The receiver's own exceptions to domain policies (RFC 9989 §5.3.6, §7.4): mail from trusted forwarders (their
 * IP ranges), and mail signed by trusted signing domains (mailing lists that sign with their own domain), is never
 * quarantined or rejected by DMARC. Each exception carries its RFC 9990 override reason.
 */
public final class LocalPolicy {

    private static final LocalPolicy NONE = new LocalPolicy(List.of(), Set.of());

    private final List<IpRange> trustedForwarders;
    private final Set<String> trustedSigningDomains;

    public LocalPolicy(List<IpRange> trustedForwarders, Set<String> trustedSigningDomains) {
        this.trustedForwarders = List.copyOf(trustedForwarders);
        this.trustedSigningDomains = trustedSigningDomains.stream().map(domain -> domain.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    }

    public static LocalPolicy none() {
        return NONE;
    }

    /** The exception that applies to mail from {@code client} with these passing DKIM domains, if any. */
    Optional<AppliedOverride> exception(Optional<InetAddress> client, List<String> passingDkimDomains) {
        if (client.isPresent()) {
            for (IpRange range : trustedForwarders) {
                if (range.contains(client.get())) {
                    return Optional.of(new AppliedOverride(OverrideReason.TRUSTED_FORWARDER, "client " + client.get().getHostAddress()
                        + " is in the trusted forwarder range " + range));
                }
            }
        }
        for (String domain : passingDkimDomains) {
            if (trustedSigningDomains.contains(domain.toLowerCase(Locale.ROOT))) {
                return Optional.of(new AppliedOverride(OverrideReason.MAILING_LIST, "signed by the trusted domain " + domain));
            }
        }
        return Optional.empty();
    }
}
