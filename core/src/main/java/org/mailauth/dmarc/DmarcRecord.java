package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A DMARC Policy Record (RFC 9989 §4.7, §4.8). {@code v=DMARC1} must come first, or the text is no DMARC record.
 * Unknown tags are ignored; a tag whose value does not match its syntax is dropped in favour of the default.
 * A tag given twice keeps its first value. In {@link DmarcMode#RFC7489} mode {@code pct}, {@code rf} and
 * {@code ri} are read too (RFC 7489 §6.3); in RFC 9989 mode they are unknown tags.
 */
public final class DmarcRecord {

    /** {@code psd} (RFC 9989 §4.7). */
    public enum PublicSuffixFlag { YES, NO, UNKNOWN }

    private final String text;
    private final Optional<Policy> policy;
    private final boolean policyTagPresent;
    private final Optional<Policy> subdomainPolicy;
    private final Optional<Policy> nonExistentPolicy;
    private final boolean subdomainTagsValid;
    private final AlignmentMode dkimAlignment;
    private final AlignmentMode spfAlignment;
    private final PublicSuffixFlag publicSuffix;
    private final boolean testing;
    private final List<ReportUri> aggregateUris;
    private final List<ReportUri> failureUris;
    private final Set<String> failureOptions;
    private final OptionalInt percentage;
    private final OptionalInt reportInterval;
    private final Optional<String> reportFormat;

    private DmarcRecord(String text, Map<String, String> tags, DmarcMode mode) {
        this.text = text;
        this.policyTagPresent = tags.containsKey("p");
        this.policy = Optional.ofNullable(tags.get("p")).flatMap(Policy::parse);
        Optional<String> sp = Optional.ofNullable(tags.get("sp"));
        Optional<String> np = mode == DmarcMode.RFC9989 ? Optional.ofNullable(tags.get("np")) : Optional.empty();
        this.subdomainPolicy = sp.flatMap(Policy::parse);
        this.nonExistentPolicy = np.flatMap(Policy::parse);
        this.subdomainTagsValid = sp.map(value -> Policy.parse(value).isPresent()).orElse(true)
            && np.map(value -> Policy.parse(value).isPresent()).orElse(true);
        this.dkimAlignment = alignment(tags.get("adkim"));
        this.spfAlignment = alignment(tags.get("aspf"));
        this.publicSuffix = mode == DmarcMode.RFC9989 ? publicSuffix(tags.get("psd")) : PublicSuffixFlag.UNKNOWN;
        this.testing = mode == DmarcMode.RFC9989 && "y".equalsIgnoreCase(tags.getOrDefault("t", "n"));
        this.aggregateUris = uris(tags.get("rua"));
        this.failureUris = uris(tags.get("ruf"));
        this.failureOptions = failureOptions(tags.get("fo"));
        this.percentage = mode == DmarcMode.RFC7489 ? percentage(tags.get("pct")) : OptionalInt.empty();
        this.reportInterval = mode == DmarcMode.RFC7489 ? number(tags.get("ri"), 86400) : OptionalInt.empty();
        this.reportFormat = mode == DmarcMode.RFC7489 ? Optional.of(tags.getOrDefault("rf", "afrf").toLowerCase(Locale.ROOT))
            : Optional.empty();
    }

    /**
     * The record in {@code text}, or empty when it is not one: {@code v=DMARC1} absent, not first, or another
     * value (RFC 9989 §4.7: "the entire record MUST be ignored").
     */
    public static Optional<DmarcRecord> parse(String text, DmarcMode mode) {
        Map<String, String> tags = new LinkedHashMap<>();
        boolean first = true;
        for (String part : text.split(";", -1)) {
            String tag = part.trim();
            if (tag.isEmpty()) {
                if (first) {
                    return Optional.empty();
                }
                continue;
            }
            int equals = tag.indexOf('=');
            if (equals <= 0) {
                if (first) {
                    return Optional.empty();
                }
                continue;
            }
            String name = tag.substring(0, equals).trim();
            String value = tag.substring(equals + 1).trim();
            if (first) {
                if (!name.equals("v") || !value.equals("DMARC1")) {
                    return Optional.empty();
                }
                first = false;
                continue;
            }
            if (!name.matches("[A-Za-z]+") || value.isEmpty()) {
                continue;
            }
            tags.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
        return first ? Optional.empty() : Optional.of(new DmarcRecord(text, tags, mode));
    }

    private static AlignmentMode alignment(String value) {
        return "s".equalsIgnoreCase(value) ? AlignmentMode.STRICT : AlignmentMode.RELAXED;
    }

    private static PublicSuffixFlag publicSuffix(String value) {
        if ("y".equalsIgnoreCase(value)) {
            return PublicSuffixFlag.YES;
        }
        return "n".equalsIgnoreCase(value) ? PublicSuffixFlag.NO : PublicSuffixFlag.UNKNOWN;
    }

    private static List<ReportUri> uris(String value) {
        if (value == null) {
            return List.of();
        }
        List<ReportUri> uris = new ArrayList<>();
        for (String item : value.split(",")) {
            ReportUri.parse(item).ifPresent(uris::add);
        }
        return Collections.unmodifiableList(uris);
    }

    /** {@code dmarc-fo} (§4.8): 0 or 1 at most once, d and s at most once each; otherwise the default "0". */
    private static Set<String> failureOptions(String value) {
        if (value == null) {
            return Set.of("0");
        }
        Set<String> options = new LinkedHashSet<>();
        for (String option : value.split(":", -1)) {
            String trimmed = option.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.matches("[01ds]") || !options.add(trimmed)) {
                return Set.of("0");
            }
        }
        if (options.contains("0") && options.contains("1")) {
            return Set.of("0");
        }
        return Collections.unmodifiableSet(options);
    }

    private static OptionalInt percentage(String value) {
        OptionalInt number = number(value, 100);
        return number.getAsInt() <= 100 ? number : OptionalInt.of(100);
    }

    private static OptionalInt number(String value, int fallback) {
        if (value == null) {
            return OptionalInt.of(fallback);
        }
        try {
            long number = Long.parseLong(value.trim());
            return number >= 0 && number <= Integer.MAX_VALUE ? OptionalInt.of((int) number) : OptionalInt.of(fallback);
        } catch (NumberFormatException e) {
            return OptionalInt.of(fallback);
        }
    }

    /**
     * Whether the record applies DMARC at all, and as what (RFC 9989 §4.10.1): with a valid {@code p} and valid
     * {@code sp}/{@code np} as it is; otherwise as {@code p=none} when it has a valid {@code rua} URI; otherwise
     * not at all.
     */
    public boolean appliesDmarc() {
        return isWellFormed() || !aggregateUris.isEmpty();
    }

    private boolean isWellFormed() {
        return policy.isPresent() && subdomainTagsValid;
    }

    /** {@code p}, or NONE when the record stands for {@code p=none} (see {@link #appliesDmarc()}). */
    public Policy policy() {
        return isWellFormed() ? policy.get() : Policy.NONE;
    }

    /** The policy for an existing subdomain: {@code sp}, else {@code p}. */
    public Policy subdomainPolicy() {
        return isWellFormed() ? subdomainPolicy.orElse(policy()) : Policy.NONE;
    }

    /** The policy for a non-existent subdomain: {@code np}, else {@code sp}, else {@code p} (§4.7). */
    public Policy nonExistentSubdomainPolicy() {
        return isWellFormed() ? nonExistentPolicy.orElse(subdomainPolicy()) : Policy.NONE;
    }

    /** Whether {@code p} was present at all (a record without it stands for p=none only with rua). */
    public boolean hasPolicyTag() {
        return policyTagPresent;
    }

    public AlignmentMode dkimAlignment() {
        return dkimAlignment;
    }

    public AlignmentMode spfAlignment() {
        return spfAlignment;
    }

    public PublicSuffixFlag publicSuffix() {
        return publicSuffix;
    }

    /** {@code t=y}: the owner is testing its policy (RFC 9989 §4.7). Never true in RFC 7489 mode. */
    public boolean testing() {
        return testing;
    }

    /** The syntactically valid {@code rua} URIs, in order. */
    public List<ReportUri> aggregateUris() {
        return aggregateUris;
    }

    /** The syntactically valid {@code ruf} URIs, in order. */
    public List<ReportUri> failureUris() {
        return failureUris;
    }

    /** {@code fo}: a subset of 0, 1, d, s; the default {0}. */
    public Set<String> failureOptions() {
        return failureOptions;
    }

    /** {@code pct}, 0..100 (RFC 7489 mode only; default 100). */
    public OptionalInt percentage() {
        return percentage;
    }

    /** {@code ri} in seconds (RFC 7489 mode only; default 86400). */
    public OptionalInt reportInterval() {
        return reportInterval;
    }

    /** {@code rf}, the failure report format (RFC 7489 mode only; default "afrf"). */
    public Optional<String> reportFormat() {
        return reportFormat;
    }

    /** The record as published. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
