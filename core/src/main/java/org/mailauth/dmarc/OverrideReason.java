package org.mailauth.dmarc;

import java.util.Locale;

/**
 * Why the applied disposition differs from the domain's policy: the policy override types of RFC 9990 §3.1.6,
 * and RFC 7489's {@code sampled_out} for {@code pct}. Aggregate reports and Authentication-Results carry them.
 */
public enum OverrideReason {
    LOCAL_POLICY, MAILING_LIST, OTHER, POLICY_TEST_MODE, TRUSTED_FORWARDER, SAMPLED_OUT;

    /** The name in reports: local_policy, mailing_list, ... */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
