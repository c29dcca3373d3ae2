package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mailauth.dns.Idna;
import org.mailauth.message.FromField;
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
            Optional<List<String>> fieldDomains = domains(body);
            if (fieldDomains.isEmpty()) {
                return new AuthorDomains(List.of(), fromFieldBodies.size(),
                    Optional.of("the From field cannot be read as mailboxes with domains: " + FieldText.quote(body.replaceAll("\\r\\n[ \\t]+", " ").trim())));
            }
            domains.addAll(fieldDomains.get());
        }
        return new AuthorDomains(new ArrayList<>(domains), fromFieldBodies.size(), Optional.empty());
    }

    /** One domain per mailbox of a From field, in order; empty when the field cannot be read or a mailbox has no usable domain. */
    private static Optional<List<String>> domains(String fromFieldBody) {
        Optional<List<String>> addresses = FromField.addresses(fromFieldBody);
        if (addresses.isEmpty()) {
            return Optional.empty();
        }
        List<String> domains = new ArrayList<>();
        for (String address : addresses.get()) {
            String domain = address.substring(address.lastIndexOf('@') + 1);
            if (domain.contains(" ") || domain.contains("\t") || domain.startsWith("[")) {
                return Optional.empty();
            }
            Optional<String> aLabels = aLabels(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
            if (aLabels.isEmpty()) {
                return Optional.empty();
            }
            domains.add(aLabels.get());
        }
        return Optional.of(domains);
    }

    /** The domain in A-labels, lower case (RFC 9989 §5.3.1), or empty when it is not a host name (RFC 1123 §2.1, RFC 5890). */
    static Optional<String> aLabels(String domain) {
        Optional<String> converted = Idna.toAscii(domain);
        if (converted.isEmpty()) {
            return Optional.empty();
        }
        String ascii = converted.get();
        if (ascii.isEmpty() || ascii.length() > 253) {
            return Optional.empty();
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
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
