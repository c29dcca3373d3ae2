package org.mailauth.james.verdicts;

import java.util.Optional;

import org.apache.mailet.Mail;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.inbound.Authentication;

/**
 * An {@link Authentication} kept on a Mail: the attributes of {@link SpfAttributes}, {@link DkimAttributes},
 * {@link ArcAttributes} and {@link DmarcAttributes}, written together and read back only together.
 */
public final class AuthenticationAttributes {

    private AuthenticationAttributes() {
    }

    public static void write(Mail mail, Authentication authentication, DmarcMode mode) {
        SpfAttributes.write(mail, authentication.spf());
        DkimAttributes.write(mail, authentication.dkim());
        ArcAttributes.write(mail, authentication.arc());
        DmarcAttributes.write(mail, authentication.dmarc(), mode);
    }

    /** The kept authentication; empty when any part is missing or unreadable (it is then made again). */
    public static Optional<Authentication> read(Mail mail) {
        return SpfAttributes.read(mail).flatMap(spf -> DkimAttributes.read(mail).flatMap(dkim -> ArcAttributes.read(mail)
            .flatMap(arc -> DmarcAttributes.read(mail).map(dmarc -> new Authentication(spf, dkim, arc, dmarc)))));
    }
}
