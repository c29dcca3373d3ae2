package org.mailauth.dmarc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.mailauth.dmarc.DmarcRecord.PublicSuffixFlag;
import org.mailauth.dns.DnsAnswer;
import org.mailauth.dns.DnsResolver;

/**
 * The DNS Tree Walk (RFC 9989 §4.10): DMARC Policy Records at a starting name and its ancestors, at most eight
 * queries however long the name (a name of eight or more labels jumps to its last seven after the first query),
 * stopping at a record with {@code psd=y} or {@code psd=n}. All queries of a walk are sent at once; answers
 * after a stop are not used.
 */
final class TreeWalk {

    /** The walk's limit of queries (§4.10). */
    static final int MAX_QUERIES = 8;

    /** A valid, single DMARC Policy Record at a name of the walk. */
    static final class Found {
        final String domain;
        final DmarcRecord record;

        Found(String domain, DmarcRecord record) {
            this.domain = domain;
            this.record = record;
        }
    }

    /** The records found, longest name first; or why the walk could not finish. */
    static final class Outcome {
        final List<Found> found;
        final Optional<String> temporaryFailure;

        private Outcome(List<Found> found, Optional<String> temporaryFailure) {
            this.found = List.copyOf(found);
            this.temporaryFailure = temporaryFailure;
        }

        Optional<Found> at(String domain) {
            return found.stream().filter(item -> item.domain.equals(domain)).findFirst();
        }
    }

    private final DnsResolver dns;
    private final DmarcMode mode;

    TreeWalk(DnsResolver dns, DmarcMode mode) {
        this.dns = dns;
        this.mode = mode;
    }

    /** The names a walk from {@code start} queries, in order (§4.10 steps 1-7), without "_dmarc.". */
    static List<String> targets(String start) {
        List<String> labels = Arrays.asList(start.split("\\."));
        List<String> targets = new ArrayList<>();
        targets.add(start);
        int first = labels.size() >= MAX_QUERIES ? labels.size() - (MAX_QUERIES - 1) : 1;
        for (int i = first; i < labels.size(); i++) {
            targets.add(String.join(".", labels.subList(i, labels.size())));
        }
        return targets;
    }

    CompletionStage<Outcome> walk(List<String> targets) {
        List<CompletableFuture<DnsAnswer<String>>> answers = new ArrayList<>();
        for (String target : targets) {
            answers.add(dns.txt("_dmarc." + target).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<Found> found = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                DnsAnswer<String> answer = answers.get(i).join();
                if (answer.isTemporaryFailure()) {
                    return new Outcome(found, Optional.of("_dmarc." + targets.get(i) + ": " + answer.detail()));
                }
                Optional<DmarcRecord> record = single(answer);
                if (record.isPresent()) {
                    found.add(new Found(targets.get(i), record.get()));
                    if (record.get().publicSuffix() != PublicSuffixFlag.UNKNOWN) {
                        break;
                    }
                }
            }
            return new Outcome(found, Optional.empty());
        });
    }

    /** Records not starting with v=DMARC1 are discarded; several remaining records are all discarded (§4.10 step 2). */
    private Optional<DmarcRecord> single(DnsAnswer<String> answer) {
        if (!answer.hasRecords()) {
            return Optional.empty();
        }
        List<DmarcRecord> records = new ArrayList<>();
        for (String text : answer.records()) {
            DmarcRecord.parse(text, mode).ifPresent(records::add);
        }
        return records.size() == 1 ? Optional.of(records.get(0)) : Optional.empty();
    }

    /**
     * The Organizational Domain of {@code start} from a walk that started there (§4.10.2): the longest name with
     * {@code psd=n}; else the name one label below a {@code psd=y} record other than the start's; else the name
     * with the fewest labels that has a record; else {@code start} itself.
     */
    static String organizationalDomain(String start, List<Found> found) {
        for (Found item : found) {
            if (item.record.publicSuffix() == PublicSuffixFlag.NO) {
                return item.domain;
            }
            if (item.record.publicSuffix() == PublicSuffixFlag.YES && !item.domain.equals(start)) {
                return oneLabelBelow(start, item.domain);
            }
        }
        return found.isEmpty() ? start : found.get(found.size() - 1).domain;
    }

    /** The ancestor of {@code start} (or start itself) with one label more than {@code ancestor}. */
    static String oneLabelBelow(String start, String ancestor) {
        String[] labels = start.split("\\.");
        int keep = ancestor.split("\\.").length + 1;
        return String.join(".", Arrays.copyOfRange(labels, Math.max(0, labels.length - keep), labels.length));
    }
}
