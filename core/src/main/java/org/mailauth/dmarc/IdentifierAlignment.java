package org.mailauth.dmarc;

import java.util.Optional;

/**
 * One Authenticated Identifier candidate and whether it aligns with the Author Domain (RFC 9989 §4.4, §5.3.4):
 * the SPF MAIL FROM domain or a DKIM {@code d=}, its method result, and the alignment found.
 */
public final class IdentifierAlignment {

    /** Whether the identifier aligns; UNKNOWN when DNS failed while finding an Organizational Domain. */
    public enum Aligned { YES, NO, UNKNOWN }

    private final String method;
    private final String domain;
    private final Optional<String> selector;
    private final String result;
    private final Aligned aligned;

    public IdentifierAlignment(String method, String domain, Optional<String> selector, String result, Aligned aligned) {
        this.method = method;
        this.domain = domain;
        this.selector = selector;
        this.result = result;
        this.aligned = aligned;
    }

    /** "spf" or "dkim". */
    public String method() {
        return method;
    }

    /** The SPF domain (MAIL FROM, or HELO for the null sender) or the DKIM d=. */
    public String domain() {
        return domain;
    }

    /** The DKIM selector. */
    public Optional<String> selector() {
        return selector;
    }

    /** The method's own result (pass, fail, softfail, ...). */
    public String result() {
        return result;
    }

    public Aligned aligned() {
        return aligned;
    }

    @Override
    public String toString() {
        return method + "=" + result + " " + domain + selector.map(s -> "/" + s).orElse("") + " aligned=" + aligned;
    }
}
