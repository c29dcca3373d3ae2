package org.mailauth.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.ReverseMap;

/**
 * A resolver answering from records held in memory, for unit tests and offline tools. A name that has
 * records, or is an ancestor of one that has, exists (NODATA for the types it lacks); any other name is
 * NXDOMAIN. Names or name/type pairs can be made to fail temporarily. Answers complete immediately. It
 * counts the lookups it receives, so tests can check how many queries an evaluation made.
 */
public final class InMemoryDnsResolver implements DnsResolver {

    private final Map<Question, List<Object>> records;
    private final Set<String> existing;
    private final Set<Question> failing;
    private final Duration ttl;
    private final Map<Question, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    private InMemoryDnsResolver(Builder builder) {
        Map<Question, List<Object>> copy = new HashMap<>();
        builder.records.forEach((question, list) -> copy.put(question, List.copyOf(list)));
        this.records = Map.copyOf(copy);
        Set<String> names = new HashSet<>();
        for (Question question : records.keySet()) {
            String name = question.name;
            names.add(name);
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                names.add(name.substring(dot + 1));
            }
        }
        this.existing = Set.copyOf(names);
        this.failing = Set.copyOf(builder.failing);
        this.ttl = builder.ttl;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<DnsAnswer<String>> txt(String name) {
        return answer(name, RecordType.TXT);
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
        return answer(name, RecordType.A);
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
        return answer(name, RecordType.AAAA);
    }

    @Override
    public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
        return answer(name, RecordType.MX);
    }

    @Override
    public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
        return answer(ReverseMap.fromAddress(address).toString(), RecordType.PTR);
    }

    /** All lookups received so far. */
    public int lookups() {
        return total.get();
    }

    /** Lookups received for {@code name} and {@code type}. */
    public int lookups(String name, RecordType type) {
        AtomicInteger count = counts.get(new Question(normalize(name).orElse(name), type));
        return count == null ? 0 : count.get();
    }

    @SuppressWarnings("unchecked")
    private <T> CompletionStage<DnsAnswer<T>> answer(String text, RecordType type) {
        total.incrementAndGet();
        Optional<String> name = normalize(text);
        if (name.isEmpty()) {
            return CompletableFuture.completedFuture(DnsAnswer.nxdomain(Duration.ZERO, "not a valid domain name"));
        }
        Question question = new Question(name.get(), type);
        counts.computeIfAbsent(question, key -> new AtomicInteger()).incrementAndGet();
        DnsAnswer<T> answer;
        if (failing.contains(question) || failing.contains(new Question(name.get(), null))) {
            answer = DnsAnswer.temporaryFailure("configured to fail: " + name.get() + " " + type);
        } else if (records.containsKey(question)) {
            answer = DnsAnswer.records((List<T>) records.get(question), ttl, false);
        } else if (existing.contains(name.get())) {
            answer = DnsAnswer.nodata(ttl, "");
        } else {
            answer = DnsAnswer.nxdomain(ttl, "");
        }
        return CompletableFuture.completedFuture(answer);
    }

    private static Optional<String> normalize(String text) {
        return QueryName.key(text);
    }

    private static final class Question {
        private final String name;
        private final RecordType type;

        Question(String name, RecordType type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Question && ((Question) other).name.equals(name) && ((Question) other).type == type;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + (type == null ? 0 : type.hashCode());
        }
    }

    /** Collects records; each call adds one record. Names are absolute, trailing dot optional. */
    public static final class Builder {
        private final Map<Question, List<Object>> records = new HashMap<>();
        private final Set<Question> failing = new HashSet<>();
        private Duration ttl = Duration.ofSeconds(300);

        private Builder() {
        }

        /** The TTL every answer reports. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** One TXT record, its character-strings already joined. */
        public Builder txt(String name, String text) {
            return add(name, RecordType.TXT, text);
        }

        public Builder a(String name, String address) {
            return add(name, RecordType.A, address(address));
        }

        public Builder aaaa(String name, String address) {
            return add(name, RecordType.AAAA, address(address));
        }

        public Builder mx(String name, int preference, String exchange) {
            return add(name, RecordType.MX, new MxHost(preference, normalize(exchange).orElse(exchange)));
        }

        public Builder ptr(String address, String target) {
            return add(ReverseMap.fromAddress(address(address)).toString(), RecordType.PTR,
                normalize(target).orElse(target));
        }

        /** Every lookup of {@code name} is a temporary failure. */
        public Builder temporaryFailure(String name) {
            failing.add(new Question(name(name), null));
            return this;
        }

        /** Lookups of {@code name} for {@code type} are temporary failures. */
        public Builder temporaryFailure(String name, RecordType type) {
            failing.add(new Question(name(name), type));
            return this;
        }

        public InMemoryDnsResolver build() {
            return new InMemoryDnsResolver(this);
        }

        private Builder add(String name, RecordType type, Object data) {
            records.computeIfAbsent(new Question(name(name), type), key -> new ArrayList<>()).add(data);
            return this;
        }

        private static String name(String text) {
            return normalize(text).orElseThrow(() -> new IllegalArgumentException("not a domain name: " + text));
        }

        private static InetAddress address(String literal) {
            return IpLiteral.parse(literal).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + literal));
        }
    }
}
