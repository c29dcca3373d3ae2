package org.mailauth.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mailauth.dmarc.ReportUri;

/**
 * The destinations that reports about one DMARC record go to (RFC 9989 §4.6, RFC 9990 §3.5): the record's
 * {@code mailto:} URIs that are plain addresses ({@link MailtoAddress}), in the record's order, each address once,
 * and at most {@link #MAX_PER_RECORD}. A receiver may limit the URIs it serves but must serve at least two
 * (RFC 7489 §6.2); the limit keeps one record from multiplying the mail one message causes.
 */
public final class ReportDestinations {

    /** The most destinations one record's rua (or ruf) list is served. */
    public static final int MAX_PER_RECORD = 5;

    private ReportDestinations() {
    }

    /** The destinations of a record's URI list, as canonical {@code mailto:} URIs. */
    public static List<MailtoAddress> of(List<ReportUri> uris) {
        Set<MailtoAddress> destinations = new LinkedHashSet<>();
        for (ReportUri uri : uris) {
            Optional<MailtoAddress> address = MailtoAddress.of(uri);
            if (address.isPresent()) {
                destinations.add(address.get());
                if (destinations.size() == MAX_PER_RECORD) {
                    break;
                }
            }
        }
        return List.copyOf(destinations);
    }
}
