package org.mailauth.inbound;

import java.util.Objects;

import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.results.AuthservId;
import org.mailauth.spf.SpfSettings;

/** The settings of every check of inbound mail, and the authserv-id of the Authentication-Results field (RFC 8601 §2.5). */
public final class AuthenticationSettings {

    private final SpfSettings spf;
    private final DkimSettings dkim;
    private final DmarcSettings dmarc;
    private final AuthservId authservId;

    private AuthenticationSettings(Builder builder) {
        this.spf = builder.spf;
        this.dkim = builder.dkim;
        this.dmarc = builder.dmarc;
        this.authservId = builder.authservId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SpfSettings spf() {
        return spf;
    }

    public DkimSettings dkim() {
        return dkim;
    }

    public DmarcSettings dmarc() {
        return dmarc;
    }

    public AuthservId authservId() {
        return authservId;
    }

    public static final class Builder {
        private SpfSettings spf = SpfSettings.defaults();
        private DkimSettings dkim = DkimSettings.defaults();
        private DmarcSettings dmarc = DmarcSettings.defaults();
        private AuthservId authservId = AuthservId.of("localhost");

        public Builder spf(SpfSettings settings) {
            this.spf = Objects.requireNonNull(settings);
            return this;
        }

        public Builder dkim(DkimSettings settings) {
            this.dkim = Objects.requireNonNull(settings);
            return this;
        }

        public Builder dmarc(DmarcSettings settings) {
            this.dmarc = Objects.requireNonNull(settings);
            return this;
        }

        public Builder authservId(AuthservId id) {
            this.authservId = Objects.requireNonNull(id);
            return this;
        }

        public AuthenticationSettings build() {
            return new AuthenticationSettings(this);
        }
    }
}
