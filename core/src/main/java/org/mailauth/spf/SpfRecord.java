package org.mailauth.spf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xbill.DNS.Address;
import org.mailauth.results.FieldText;

/**
 * A parsed SPF record (RFC 7208 §4.6.1, §12): its directives in order and its {@code redirect} and
 * {@code exp} modifiers. Parsing checks the whole record: any syntax error anywhere makes the record a
 * permerror (§4.6), whether or not evaluation would reach it.
 */
final class SpfRecord {

    private static final Pattern MODIFIER = Pattern.compile("^[A-Za-z][A-Za-z0-9._-]*=.*", Pattern.DOTALL);
    private static final Pattern DUAL_CIDR = Pattern.compile("(/[0-9]+)?(//[0-9]+)?$");
    private static final Pattern IP4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    /** A mechanism with its qualifier ({@code +} when none is written). */
    static final class Directive {
        final Qualifier qualifier;
        final Mechanism mechanism;

        Directive(Qualifier qualifier, Mechanism mechanism) {
            this.qualifier = qualifier;
            this.mechanism = mechanism;
        }

        @Override
        public String toString() {
            return (qualifier == Qualifier.PASS ? "" : String.valueOf(qualifier.symbol())) + mechanism;
        }
    }

    private final List<Directive> directives;
    private final Optional<DomainSpec> redirect;
    private final Optional<DomainSpec> explanation;

    private SpfRecord(List<Directive> directives, Optional<DomainSpec> redirect, Optional<DomainSpec> explanation) {
        this.directives = Collections.unmodifiableList(directives);
        this.redirect = redirect;
        this.explanation = explanation;
    }

    /** §4.5: a record is an SPF record when it starts with exactly "v=spf1", then a space or its end. */
    static boolean isSpfRecord(String text) {
        return text.regionMatches(true, 0, "v=spf1", 0, 6) && (text.length() == 6 || text.charAt(6) == ' ');
    }

    static SpfRecord parse(String text) throws SpfSyntaxException {
        if (!isSpfRecord(text)) {
            throw new SpfSyntaxException("not an SPF record: " + FieldText.quote(text));
        }
        List<Directive> directives = new ArrayList<>();
        Optional<DomainSpec> redirect = Optional.empty();
        Optional<DomainSpec> explanation = Optional.empty();
        for (String term : text.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            if (MODIFIER.matcher(term).matches()) {
                int equals = term.indexOf('=');
                String name = term.substring(0, equals).toLowerCase(Locale.ROOT);
                String value = term.substring(equals + 1);
                if (name.equals("redirect")) {
                    if (redirect.isPresent()) {
                        throw new SpfSyntaxException("more than one redirect= modifier (§6)");
                    }
                    redirect = Optional.of(DomainSpec.parse(value));
                } else if (name.equals("exp")) {
                    if (explanation.isPresent()) {
                        throw new SpfSyntaxException("more than one exp= modifier (§6)");
                    }
                    explanation = Optional.of(DomainSpec.parse(value));
                } else {
                    MacroString.parse(value, false);
                }
            } else {
                directives.add(directive(term));
            }
        }
        return new SpfRecord(directives, redirect, explanation);
    }

    List<Directive> directives() {
        return directives;
    }

    /** The redirect target; ignored when the record has an "all" mechanism (§6.1). */
    Optional<DomainSpec> redirect() {
        boolean hasAll = directives.stream().anyMatch(directive -> directive.mechanism instanceof AllMechanism);
        return hasAll ? Optional.empty() : redirect;
    }

    Optional<DomainSpec> explanation() {
        return explanation;
    }

    private static Directive directive(String term) throws SpfSyntaxException {
        Qualifier qualifier = Qualifier.of(term.charAt(0));
        String body = qualifier == null ? term : term.substring(1);
        int end = 0;
        while (end < body.length() && body.charAt(end) != ':' && body.charAt(end) != '/') {
            end++;
        }
        String name = body.substring(0, end).toLowerCase(Locale.ROOT);
        String rest = body.substring(end);
        return new Directive(qualifier == null ? Qualifier.PASS : qualifier, mechanism(name, rest, term));
    }

    private static Mechanism mechanism(String name, String rest, String term) throws SpfSyntaxException {
        switch (name) {
            case "all":
                requireEmpty(rest, term);
                return new AllMechanism();
            case "include":
                return new IncludeMechanism(DomainSpec.parse(requiredArgument(rest, term)));
            case "exists":
                return new ExistsMechanism(DomainSpec.parse(requiredArgument(rest, term)));
            case "a":
            case "mx": {
                int slash = cidrStart(rest);
                String spec = rest.substring(0, slash);
                Optional<DomainSpec> target = optionalArgument(spec, term);
                DualCidr cidr = DualCidr.parse(rest.substring(slash), term);
                return name.equals("a") ? new AMechanism(target, cidr) : new MxMechanism(target, cidr);
            }
            case "ptr":
                return new PtrMechanism(optionalArgument(rest, term));
            case "ip4":
                return ip(name, rest, term, false);
            case "ip6":
                return ip(name, rest, term, true);
            default:
                throw new SpfSyntaxException("unknown mechanism " + FieldText.quote(term));
        }
    }

    private static Mechanism ip(String name, String rest, String term, boolean ipv6) throws SpfSyntaxException {
        String argument = requiredArgument(rest, term);
        int slash = argument.indexOf('/');
        String address = slash < 0 ? argument : argument.substring(0, slash);
        int full = ipv6 ? 128 : 32;
        int prefix = slash < 0 ? full : Cidr.parseLength(argument.substring(slash + 1), full, term);
        byte[] bytes = null;
        if (ipv6 ? address.indexOf(':') >= 0 : IP4.matcher(address).matches()) {
            bytes = Address.toByteArray(address, ipv6 ? Address.IPv6 : Address.IPv4);
        }
        if (bytes == null) {
            throw new SpfSyntaxException("invalid " + name + " network in " + FieldText.quote(term));
        }
        try {
            // An ip6 network stays IPv6 even when IPv4-mapped: an IPv4 client never matches ip6 (§5.6).
            InetAddress network = ipv6 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
            return new IpMechanism(name, network, prefix);
        } catch (UnknownHostException e) {
            throw new SpfSyntaxException("invalid " + name + " network in " + FieldText.quote(term));
        }
    }

    /**
     * Where the {@code dual-cidr-length} at the end starts, or the end. A domain-spec may itself contain
     * '/' and ':' (any visible character but '%', §7.1), so only a digits-only suffix is a CIDR length.
     */
    private static int cidrStart(String rest) {
        Matcher cidr = DUAL_CIDR.matcher(rest);
        return cidr.find() ? cidr.start() : rest.length();
    }

    private static String requiredArgument(String rest, String term) throws SpfSyntaxException {
        if (!rest.startsWith(":") || rest.length() == 1) {
            throw new SpfSyntaxException(FieldText.quote(term) + " needs ':' and a value");
        }
        return rest.substring(1);
    }

    private static Optional<DomainSpec> optionalArgument(String rest, String term) throws SpfSyntaxException {
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(DomainSpec.parse(requiredArgument(rest, term)));
    }

    private static void requireEmpty(String rest, String term) throws SpfSyntaxException {
        if (!rest.isEmpty()) {
            throw new SpfSyntaxException("unexpected " + FieldText.quote(rest) + " in " + FieldText.quote(term));
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("v=spf1");
        directives.forEach(directive -> text.append(' ').append(directive));
        redirect.ifPresent(spec -> text.append(" redirect=").append(spec));
        explanation.ifPresent(spec -> text.append(" exp=").append(spec));
        return text.toString();
    }
}
