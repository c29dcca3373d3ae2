package org.mailauth.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;

/**
 * One SPF check in progress: the check_host() function of RFC 7208 §4 with its arguments, applied to the
 * first domain and, through include and redirect, to others. It counts the DNS-querying terms and void
 * lookups of the whole check (§4.6.4) and ends it with {@link SpfAbort} when a limit is passed or DNS fails.
 */
final class Evaluation {

    static final CompletionStage<Boolean> NO_MATCH = CompletableFuture.completedFuture(false);

    /** The result of check_host() for one domain. */
    static final class HostResult {
        final SpfResult.Code code;
        final Optional<String> mechanism;
        final Optional<String> explanation;
        final Optional<String> problem;

        HostResult(SpfResult.Code code, Optional<String> mechanism, Optional<String> explanation, Optional<String> problem) {
            this.code = code;
            this.mechanism = mechanism;
            this.explanation = explanation;
            this.problem = problem;
        }

        /** "none" carries no problem: nothing went wrong, the domain just publishes no policy (§2.6.1). */
        static HostResult none() {
            return new HostResult(SpfResult.Code.NONE, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final DnsResolver dns;
    private final RecordCache records;
    private final SpfSettings settings;
    private final InetAddress ip;
    private final Sender sender;
    private final String helo;
    private final MacroExpander macros;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger voidLookups = new AtomicInteger();
    private final Map<String, CompletableFuture<DnsAnswer<String>>> policies = new ConcurrentHashMap<>();
    /** Targets whose policy was asked for ahead of their term, and whose term has not been evaluated yet. */
    private final Set<String> aheadOfTheirTerm = new HashSet<>();
    private CompletableFuture<List<String>> validatedNames;

    Evaluation(DnsResolver dns, SpfSettings settings, InetAddress ip, Sender sender, String helo) {
        this(dns, settings, new RecordCache(0), ip, sender, helo);
    }

    Evaluation(DnsResolver dns, SpfSettings settings, RecordCache records, InetAddress ip, Sender sender, String helo) {
        this.records = records;
        this.dns = dns;
        this.settings = settings;
        this.ip = ip;
        this.sender = sender;
        this.helo = helo;
        this.macros = new MacroExpander(this);
    }

    DnsResolver dns() {
        return dns;
    }

    SpfSettings settings() {
        return settings;
    }

    InetAddress ip() {
        return ip;
    }

    Sender sender() {
        return sender;
    }

    String helo() {
        return helo;
    }

    int lookups() {
        return lookups.get();
    }

    int voidLookups() {
        return voidLookups.get();
    }

    /** check_host(ip, domain, sender) of §4: record lookup (§4.4), selection (§4.5), evaluation (§4.6). */
    CompletionStage<HostResult> checkHost(String domain) {
        if (!DomainNames.isValid(domain)) {
            return CompletableFuture.completedFuture(HostResult.none());
        }
        reachedItsTerm(domain);
        return policy(domain).thenCompose(answer -> {
            if (answer.isTemporaryFailure()) {
                throw SpfAbort.temperror("TXT lookup of " + domain + ": " + answer.detail());
            }
            List<String> spfRecords = answer.records().stream().filter(SpfRecord::isSpfRecord).collect(Collectors.toList());
            if (spfRecords.isEmpty()) {
                return CompletableFuture.completedFuture(HostResult.none());
            }
            if (spfRecords.size() > 1) {
                throw SpfAbort.permerror(domain + " has " + spfRecords.size() + " SPF records (§4.5)");
            }
            SpfRecord record;
            try {
                record = this.records.parse(spfRecords.get(0));
            } catch (SpfSyntaxException e) {
                throw SpfAbort.permerror("the SPF record of " + domain + " is invalid: " + e.getMessage());
            }
            prefetch(record);
            return evaluate(record, domain, 0);
        });
    }

    /** The TXT lookup of a domain's policy, made at most once per check. */
    private CompletableFuture<DnsAnswer<String>> policy(String domain) {
        return policies.computeIfAbsent(DomainNames.key(domain), key -> dns.txt(domain).toCompletableFuture());
    }

    /**
     * Starts the policy lookups of the record's include and redirect targets that need no macro expansion,
     * before evaluation reaches them, so that a tree of includes costs one round trip per level instead of
     * one per record. Evaluation, its order, its result and the counted lookups are unchanged: only the
     * queries go out earlier.
     *
     * <p>One budget for the whole check (§4.6.4 limits the terms of an evaluation, not of a record): a query
     * made ahead of its term stays outstanding until the term is evaluated, and the outstanding queries never
     * exceed the terms the check may still count. So beyond the 1 + 10 policy queries a check can cause, at
     * most 10 more go out for terms it never reaches, however the records nest.
     */
    private void prefetch(SpfRecord record) {
        List<DomainSpec> targets = new ArrayList<>();
        for (SpfRecord.Directive directive : record.directives()) {
            if (directive.mechanism instanceof IncludeMechanism) {
                targets.add(((IncludeMechanism) directive.mechanism).target());
            }
        }
        record.redirect().ifPresent(targets::add);
        for (DomainSpec spec : targets) {
            Optional<String> target = spec.macro().literal().flatMap(DomainNames::target);
            if (target.isPresent() && !askAhead(target.get())) {
                return;
            }
        }
    }

    /** False when the budget allows no more queries ahead of their terms. */
    private boolean askAhead(String target) {
        String key = DomainNames.key(target);
        synchronized (aheadOfTheirTerm) {
            if (policies.containsKey(key)) {
                return true;
            }
            if (lookups.get() + aheadOfTheirTerm.size() >= settings.maxLookups()) {
                return false;
            }
            aheadOfTheirTerm.add(key);
        }
        policy(target);
        return true;
    }

    private void reachedItsTerm(String domain) {
        synchronized (aheadOfTheirTerm) {
            aheadOfTheirTerm.remove(DomainNames.key(domain));
        }
    }

    /**
     * §4.6.2: directives left to right; the first match decides; then redirect (§6.1); then neutral (§4.7).
     * Directives that need no DNS are decided in a loop, so a record of thousands of terms costs no stack;
     * only DNS-querying ones (at most 10, §4.6.4) continue asynchronously.
     */
    private CompletionStage<HostResult> evaluate(SpfRecord record, String domain, int index) {
        List<SpfRecord.Directive> directives = record.directives();
        for (int i = index; i < directives.size(); i++) {
            SpfRecord.Directive directive = directives.get(i);
            if (directive.mechanism.queriesDns()) {
                countLookup(directive.toString());
            }
            CompletableFuture<Boolean> match = directive.mechanism.matches(this, domain).toCompletableFuture();
            if (match.isDone() && !match.isCompletedExceptionally()) {
                if (match.join()) {
                    return matched(record, directive, domain);
                }
                continue;
            }
            int next = i + 1;
            return match.thenCompose(matches -> matches ? matched(record, directive, domain) : evaluate(record, domain, next));
        }
        if (record.redirect().isPresent()) {
            return redirect(record.redirect().get(), domain);
        }
        return CompletableFuture.completedFuture(
            new HostResult(SpfResult.Code.NEUTRAL, Optional.of("default"), Optional.empty(), Optional.empty()));
    }

    /** The result a matching directive gives, with the domain's explanation for a fail (§6.2). */
    private CompletionStage<HostResult> matched(SpfRecord record, SpfRecord.Directive directive, String domain) {
        SpfResult.Code code = directive.qualifier.result();
        Optional<String> mechanism = Optional.of(directive.toString());
        if (code == SpfResult.Code.FAIL && record.explanation().isPresent()) {
            return explanation(record.explanation().get(), domain)
                .thenApply(text -> new HostResult(code, mechanism, text, Optional.empty()));
        }
        return CompletableFuture.completedFuture(new HostResult(code, mechanism, Optional.empty(), Optional.empty()));
    }

    /** §6.1: the target's result is the result; a target without a record, or an invalid one, is a permerror. */
    private CompletionStage<HostResult> redirect(DomainSpec spec, String domain) {
        countLookup("redirect=" + spec);
        return targetName(spec, domain).thenCompose(target -> {
            if (target.isEmpty()) {
                throw SpfAbort.permerror("redirect=" + spec + " is not a valid domain name after expansion");
            }
            return checkHost(target.get()).thenApply(result -> {
                if (result.code == SpfResult.Code.NONE) {
                    throw SpfAbort.permerror("redirect=" + target.get() + " has no SPF record (§6.1)");
                }
                return result;
            });
        });
    }

    /**
     * §6.2: the explanation of a fail, from the TXT record the exp= target names, macro-expanded. Any
     * problem on the way (DNS, not exactly one record, bad syntax) means no explanation, never an error.
     */
    private CompletionStage<Optional<String>> explanation(DomainSpec spec, String domain) {
        return targetName(spec, domain)
            .thenCompose(target -> target.isEmpty() ? CompletableFuture.completedFuture(Optional.<String>empty())
                : dns.txt(target.get()).thenCompose(answer -> {
                    if (!answer.hasRecords() || answer.records().size() != 1) {
                        return CompletableFuture.completedFuture(Optional.<String>empty());
                    }
                    try {
                        MacroString text = MacroString.parse(answer.records().get(0), true);
                        return macros.expand(text, domain).thenApply(Optional::of);
                    } catch (SpfSyntaxException e) {
                        return CompletableFuture.completedFuture(Optional.<String>empty());
                    }
                }))
            .exceptionally(error -> Optional.empty());
    }

    /**
     * The target-name of a term (§4.8): the current domain when the term has no domain-spec, else the
     * expansion, shortened from the left to 253 characters (§7.3). Empty when the expansion is not a valid
     * domain name.
     */
    CompletionStage<Optional<String>> targetName(Optional<DomainSpec> spec, String domain) {
        return spec.isEmpty() ? CompletableFuture.completedFuture(Optional.of(domain)) : targetName(spec.get(), domain);
    }

    CompletionStage<Optional<String>> targetName(DomainSpec spec, String domain) {
        return macros.expand(spec.macro(), domain).thenApply(DomainNames::target);
    }

    /** §4.6.4: the include, a, mx, ptr, exists and redirect terms together may be evaluated at most 10 times. */
    void countLookup(String term) {
        if (lookups.incrementAndGet() > settings.maxLookups()) {
            throw SpfAbort.permerror("more than " + settings.maxLookups() + " DNS-querying terms (§4.6.4), at " + term);
        }
    }

    /** §4.6.4: at most 2 lookups that find nothing (NXDOMAIN or no answer). */
    void countVoidLookup(String name) {
        if (voidLookups.incrementAndGet() > settings.maxVoidLookups()) {
            throw SpfAbort.permerror("more than " + settings.maxVoidLookups() + " void lookups (§4.6.4), at " + name);
        }
    }

    /** The A (IPv4 client) or AAAA (IPv6 client) addresses of {@code name}; DNS failure is a temperror (§5). */
    CompletionStage<List<InetAddress>> addresses(String name, boolean countVoid) {
        CompletionStage<DnsAnswer<InetAddress>> lookup = Cidr.isIpv4(ip) ? dns.a(name) : dns.aaaa(name);
        return lookup.thenApply(answer -> {
            if (answer.isTemporaryFailure()) {
                throw SpfAbort.temperror((Cidr.isIpv4(ip) ? "A" : "AAAA") + " lookup of " + name + ": " + answer.detail());
            }
            if (!answer.hasRecords() && countVoid) {
                countVoidLookup(name);
            }
            return answer.records();
        });
    }

    /**
     * The validated domain names of the client IP (§5.5): its PTR names, at most 10 (§4.6.4), each kept when
     * one of its addresses is the client's. The address lookups go out together; DNS errors drop a name.
     * Computed once per check, for the ptr mechanism and the {@code p} macro alike.
     */
    synchronized CompletionStage<List<String>> validatedNames() {
        if (validatedNames == null) {
            validatedNames = dns.ptr(ip).toCompletableFuture().thenCompose(answer -> {
                List<String> names = answer.records().stream().limit(settings.maxPtrNames()).collect(Collectors.toList());
                List<CompletableFuture<Boolean>> checks = new ArrayList<>();
                for (String name : names) {
                    CompletionStage<DnsAnswer<InetAddress>> lookup = Cidr.isIpv4(ip) ? dns.a(name) : dns.aaaa(name);
                    checks.add(lookup.thenApply(addresses -> addresses.records().contains(ip)).toCompletableFuture());
                }
                return CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
                    List<String> validated = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        if (checks.get(i).join()) {
                            validated.add(names.get(i));
                        }
                    }
                    return validated;
                });
            });
        }
        return validatedNames;
    }

    /**
     * Looks at concurrent lookups in their order, as a sequential evaluation would: true at the first one
     * that {@code matches}; a failure before that ends the evaluation.
     */
    static <T> CompletionStage<Boolean> firstInOrder(List<CompletableFuture<T>> lookups, Predicate<T> matches) {
        CompletionStage<Boolean> outcome = NO_MATCH;
        for (CompletableFuture<T> lookup : lookups) {
            outcome = outcome.thenCompose(found -> found ? CompletableFuture.completedFuture(true) : lookup.thenApply(matches::test));
        }
        return outcome;
    }

    /** The sender of §4.1, with "postmaster" for a missing local-part (§4.3). */
    static final class Sender {
        final String localPart;
        final String domain;

        Sender(String localPart, String domain) {
            this.localPart = localPart.isEmpty() ? "postmaster" : localPart;
            this.domain = domain;
        }

        @Override
        public String toString() {
            return localPart + "@" + domain;
        }
    }
}
