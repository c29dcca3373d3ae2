package org.mailauth.inbound;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.Policy;
import org.mailauth.spf.SpfResult;

/**
 * Which authenticated messages a receiving SMTP server refuses, and with what reply:
 * <ul>
 * <li>DMARC disposition {@code reject} (RFC 9989 §5.3, after {@code t=y} and local exceptions): always,
 * {@code 550 5.7.1};</li>
 * <li>DMARC {@code temperror}: accepted ({@code temperror=accept}, the default: a DNS failure must not cost mail), or
 * {@code 451 4.7.1} ({@code temperror=defer}: the sender tries again later);</li>
 * <li>SPF {@code fail} of a From domain that publishes no DMARC policy: accepted by default; {@code 550 5.7.23}
 * (RFC 7372) with {@code spfFail=refuse}. Off by default because forwarding breaks SPF (RFC 7208 §9.3), and DMARC,
 * where published, already says what the domain wants;</li>
 * <li>{@code permerror} of the methods named in {@code permerror=spf,dmarc}: none by default; {@code 550 5.7.24}
 * (SPF, RFC 7372) or {@code 550 5.7.1} (DMARC). Off by default: a broken record is the domain owner's mistake, and
 * RFC 7208 §8.7 leaves its handling to the receiver.</li>
 * </ul>
 * Reply texts name the domain concerned and say why; nothing the sender chose appears in them unescaped.
 */
public final class RefusalPolicy {

    /** The methods whose permerror can be refused. */
    public enum Method { SPF, DMARC }

    private static final Set<String> PARAMETERS = Set.of("temperror", "spfFail", "permerror");

    private final boolean deferTemperror;
    private final boolean refuseSpfFail;
    private final Set<Method> refusedPermerrors;

    private RefusalPolicy(boolean deferTemperror, boolean refuseSpfFail, Set<Method> refusedPermerrors) {
        this.deferTemperror = deferTemperror;
        this.refuseSpfFail = refuseSpfFail;
        this.refusedPermerrors = Set.copyOf(refusedPermerrors);
    }

    /** Refuses what DMARC rejects, and nothing else. */
    public static RefusalPolicy defaults() {
        return new RefusalPolicy(false, false, Set.of());
    }

    /**
     * The policy the parameters give ({@code temperror}, {@code spfFail}, {@code permerror}; {@code value} reads one).
     *
     * @throws IllegalArgumentException naming the parameter that is unknown or cannot be read
     */
    public static RefusalPolicy parse(List<String> names, Function<String, Optional<String>> value) {
        List<String> unknown = names.stream().filter(name -> !PARAMETERS.contains(name)).sorted().collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) " + unknown + "; the known parameters are "
                + PARAMETERS.stream().sorted().collect(Collectors.toList()));
        }
        boolean defer = choice(value, "temperror", "accept", "defer");
        boolean spfFail = choice(value, "spfFail", "accept", "refuse");
        Set<Method> permerrors = EnumSet.noneOf(Method.class);
        for (String name : value.apply("permerror").orElse("").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                permerrors.add(Method.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid parameter permerror: spf, dmarc or both, comma-separated, not '"
                    + ascii(name.trim()) + "'");
            }
        }
        return new RefusalPolicy(defer, spfFail, permerrors);
    }

    /** False for {@code first} (or no value), true for {@code second}. */
    private static boolean choice(Function<String, Optional<String>> value, String name, String first, String second) {
        String given = value.apply(name).map(String::trim).orElse(first);
        if (!given.equals(first) && !given.equals(second)) {
            throw new IllegalArgumentException("invalid parameter " + name + ": " + first + " or " + second + ", not '" + ascii(given) + "'");
        }
        return given.equals(second);
    }

    /** The reply that refuses the message, or empty when it is accepted. */
    public Optional<Refusal> refusal(Authentication authentication) {
        DmarcResult dmarc = authentication.dmarc();
        SpfResult spf = authentication.spf();
        String author = dmarc.authorDomain().map(RefusalPolicy::ascii).orElse("the author domain");
        if (dmarc.disposition() == Policy.REJECT) {
            return Optional.of(new Refusal("550", "5.7.1", "Message refused: the DMARC policy of " + author + " says reject (RFC 9989)"));
        }
        if (dmarc.code() == DmarcResult.Code.TEMPERROR && deferTemperror) {
            return Optional.of(new Refusal("451", "4.7.1", "Try again later: the DMARC policy of " + author
                + " could not be checked now (RFC 9989)"));
        }
        if (dmarc.code() == DmarcResult.Code.PERMERROR && refusedPermerrors.contains(Method.DMARC)) {
            return Optional.of(new Refusal("550", "5.7.1", "Message refused: its DMARC evaluation failed for good (RFC 9989)"));
        }
        if (spf.code() == SpfResult.Code.PERMERROR && refusedPermerrors.contains(Method.SPF)) {
            return Optional.of(new Refusal("550", "5.7.24", "SPF validation error: the SPF record of " + ascii(spf.domain())
                + " cannot be used (RFC 7208)"));
        }
        if (spf.code() == SpfResult.Code.FAIL && refuseSpfFail && dmarc.code() == DmarcResult.Code.NONE) {
            return Optional.of(new Refusal("550", "5.7.23", "SPF validation failed: " + ascii(spf.domain())
                + " does not permit this host to send its mail (RFC 7208)"));
        }
        return Optional.empty();
    }

    /** A domain or word as it may stand in a reply: letters, digits, '.', '-' and '_', at most 100; '?' for the rest. */
    private static String ascii(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            shown.append(c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c : '?');
        }
        return shown.toString();
    }

    @Override
    public String toString() {
        return "refuses DMARC reject; temperror=" + (deferTemperror ? "defer" : "accept") + " spfFail=" + (refuseSpfFail ? "refuse" : "accept")
            + " permerror=" + refusedPermerrors.stream().map(method -> method.name().toLowerCase(Locale.ROOT)).sorted()
            .collect(Collectors.joining(","));
    }
}
