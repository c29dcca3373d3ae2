package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mailauth.results.FieldText;

/**
 * The Author Domain(s) of a message: the domains of the RFC5322.From field (RFC 9989 §3.2.2, §5.3.1).
 *
 * <ul>
 * <li>No From field, a From field that cannot be read, or a mailbox without a usable domain: no Author Domain,
 * and DMARC validation is not possible (§5.3.1; §4.4: such a message cannot align).</li>
 * <li>One domain, however many mailboxes or From fields carry it: that domain.</li>
 * <li>Several domains (several mailboxes, or several From fields, which RFC 5322 §3.6 forbids): every domain, so
 * that each is evaluated and the strictest failing policy applies, as §11.5 recommends against attackers who
 * add their own domain next to the spoofed one.</li>
 * </ul>
 */
public final class AuthorDomains {

    private final List<String> domains;
    private final int fromFields;
    private final Optional<String> problem;

    private AuthorDomains(List<String> domains, int fromFields, Optional<String> problem) {
        this.domains = List.copyOf(domains);
        this.fromFields = fromFields;
        this.problem = problem;
    }

    /** From the bodies of every From field of the message, in order (folded or not). */
    public static AuthorDomains of(List<String> fromFieldBodies) {
        if (fromFieldBodies.isEmpty()) {
            return new AuthorDomains(List.of(), 0, Optional.of("the message has no From field"));
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String body : fromFieldBodies) {
            Optional<List<String>> fieldDomains = FromField.domains(body);
            if (fieldDomains.isEmpty()) {
                return new AuthorDomains(List.of(), fromFieldBodies.size(),
                    Optional.of("the From field cannot be read as mailboxes with domains: " + FieldText.quote(body.replaceAll("\\r\\n[ \\t]+", " ").trim())));
            }
            domains.addAll(fieldDomains.get());
        }
        return new AuthorDomains(new ArrayList<>(domains), fromFieldBodies.size(), Optional.empty());
    }

    /** The distinct domains, in order of appearance; empty when there is none. */
    public List<String> domains() {
        return domains;
    }

    /** Why there is no Author Domain. */
    public Optional<String> problem() {
        return problem;
    }

    /** The number of From fields the message had (RFC 5322 allows exactly one). */
    public int fromFields() {
        return fromFields;
    }

    @Override
    public String toString() {
        return problem.orElse(String.join(",", domains));
    }
}
