package org.mailauth.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.mailauth.dns.Idna;

/**
 * The Public Suffix List (https://publicsuffix.org/list/), as RFC 7489 §3.2 uses it to find the Organizational
 * Domain: the public suffix of a name by the list's algorithm (the exception rule, else the matching rule with
 * most labels, else "*"), plus one label. ICANN and private sections alike. A copy is bundled (see
 * PUBLIC_SUFFIX_LIST.NOTICE); {@link #read(Path)} loads a newer one.
 */
public final class PublicSuffixList {

    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = Set.copyOf(rules);
        this.wildcards = Set.copyOf(wildcards);
        this.exceptions = Set.copyOf(exceptions);
    }

    /** The copy bundled with the pack. */
    public static PublicSuffixList bundled() {
        try (InputStream in = PublicSuffixList.class.getResourceAsStream("public_suffix_list.dat")) {
            if (in == null) {
                throw new IllegalStateException("the bundled public_suffix_list.dat is missing");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PublicSuffixList read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    static PublicSuffixList parse(InputStream in) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String rule = line.trim().split("\\s", 2)[0];
            if (rule.isEmpty() || rule.startsWith("//")) {
                continue;
            }
            if (rule.startsWith("!")) {
                ascii(rule.substring(1)).ifPresent(exceptions::add);
            } else if (rule.startsWith("*.")) {
                ascii(rule.substring(2)).ifPresent(wildcards::add);
            } else {
                ascii(rule).ifPresent(rules::add);
            }
        }
        if (rules.isEmpty()) {
            throw new IOException("not a Public Suffix List: no rules");
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    private static Optional<String> ascii(String name) {
        return Idna.toAscii(name);
    }

    /** The public suffix of {@code domain} (A-labels, lower case). */
    public String publicSuffix(String domain) {
        String[] labels = domain.toLowerCase(Locale.ROOT).split("\\.");
        for (int i = 0; i < labels.length; i++) {
            String candidate = join(labels, i);
            if (exceptions.contains(candidate)) {
                return join(labels, i + 1);
            }
            if (rules.contains(candidate)) {
                return candidate;
            }
            if (i + 1 < labels.length && wildcards.contains(join(labels, i + 1))) {
                return candidate;
            }
        }
        return labels[labels.length - 1];
    }

    /** The registrable domain (public suffix plus one label), or empty when {@code domain} is a public suffix. */
    public Optional<String> registrableDomain(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        String suffix = publicSuffix(lower);
        if (lower.equals(suffix)) {
            return Optional.empty();
        }
        String[] labels = lower.split("\\.");
        return Optional.of(join(labels, labels.length - suffix.split("\\.").length - 1));
    }

    /** RFC 7489 §3.2: the registrable domain, or the domain itself when it is a public suffix. */
    public String organizationalDomain(String domain) {
        return registrableDomain(domain).orElse(domain.toLowerCase(Locale.ROOT));
    }

    private static String join(String[] labels, int from) {
        return String.join(".", Arrays.copyOfRange(labels, from, labels.length));
    }
}
