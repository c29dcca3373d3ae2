package org.mailauth.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Asks recursive DNS servers over the network with dnsjava 3.5.2. Queries go out over UDP with EDNS(0)
 * and are repeated over TCP when the answer is truncated (RFC 7766 §5); dnsjava multiplexes all of them on
 * one NIO selector thread, so many lookups in flight cost no thread each. An attempt that gets no answer
 * within the timeout is retried on the next server; when all attempts fail the lookup is a temporary
 * failure. No caching here: see {@link CachingDnsResolver}.
 */
public final class DnsJavaResolver implements DnsResolver {

    private static final Logger LOGGER = LoggerFactory.getLogger(DnsJavaResolver.class);
    private static final int MAX_CNAME_CHAIN = 8;

    private final List<SimpleResolver> servers;
    private final List<String> serverNames;
    private final DnsSettings settings;
    private final Executor executor;

    /** Uses {@code executor} to finish decoding answers, off dnsjava's selector thread. */
    public DnsJavaResolver(DnsSettings settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
        List<InetSocketAddress> addresses = settings.servers().isEmpty()
            ? ResolverConfig.getCurrentConfig().servers()
            : settings.servers();
        if (addresses.isEmpty()) {
            throw new IllegalStateException("no DNS server configured and none found in the system configuration");
        }
        this.servers = addresses.stream().map(this::simpleResolver).collect(Collectors.toList());
        this.serverNames = addresses.stream().map(ServerAddress::format).collect(Collectors.toList());
    }

    private SimpleResolver simpleResolver(InetSocketAddress address) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTimeout(settings.timeout());
        resolver.setEDNS(0, settings.ednsPayload(), 0, List.of());
        return resolver;
    }

    /** The servers asked, as {@code host:port}. */
    public List<String> servers() {
        return serverNames;
    }

    @Override
    public CompletionStage<DnsAnswer<String>> txt(String name) {
        return lookup(name, Type.TXT, record -> joinedStrings((TXTRecord) record));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
        return lookup(name, Type.A, record -> ((ARecord) record).getAddress());
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
        return lookup(name, Type.AAAA, record -> ((AAAARecord) record).getAddress());
    }

    @Override
    public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
        return lookup(name, Type.MX, record -> {
            MXRecord mx = (MXRecord) record;
            return new MxHost(mx.getPriority(), QueryName.text(mx.getTarget()));
        });
    }

    @Override
    public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
        return lookup(ReverseMap.fromAddress(address), Type.PTR, record -> QueryName.text(((PTRRecord) record).getTarget()));
    }

    private <T> CompletionStage<DnsAnswer<T>> lookup(String text, int type, Function<Record, T> decode) {
        Optional<Name> name = QueryName.parse(text);
        if (name.isEmpty()) {
            return CompletableFuture.completedFuture(DnsAnswer.nxdomain(Duration.ZERO, "not a valid domain name"));
        }
        return lookup(name.get(), type, decode);
    }

    private <T> CompletionStage<DnsAnswer<T>> lookup(Name name, int type, Function<Record, T> decode) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        // RFC 6840 §5.7: a query with AD set asks a validating resolver to say whether the data is authentic.
        query.getHeader().setFlag(Flags.AD);
        return attempt(query, 0, new ArrayList<>())
            .thenApply(outcome -> outcome.response
                .map(response -> decode(name, type, response, decode))
                .orElseGet(() -> DnsAnswer.temporaryFailure(outcome.failure)));
    }

    /** Sends attempt number {@code attempt}; on a failure worth retrying, sends the next one. */
    private CompletableFuture<Outcome> attempt(Message query, int attempt, List<String> failures) {
        int index = attempt % servers.size();
        String server = serverNames.get(index);
        long timeoutMillis = settings.timeout().toMillis();
        return servers.get(index).sendAsync(query, executor).toCompletableFuture()
            .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .handle((response, error) -> {
                String failure = error != null ? describe(error, timeoutMillis) : rcodeFailure(response);
                if (failure == null) {
                    return CompletableFuture.completedFuture(Outcome.answered(response));
                }
                failures.add(failure + " (" + server + ")");
                boolean worthRetrying = error != null || servers.size() > 1;
                if (attempt < settings.retries() && worthRetrying) {
                    return attempt(query, attempt + 1, failures);
                }
                String reason = String.join("; ", failures);
                LOGGER.debug("DNS {} {} failed: {}", Type.string(query.getQuestion().getType()),
                    query.getQuestion().getName(), reason);
                return CompletableFuture.completedFuture(Outcome.failed(reason));
            })
            .thenCompose(Function.identity());
    }

    /** NOERROR and NXDOMAIN are answers; any other RCODE (SERVFAIL, REFUSED...) is a failure. */
    private static String rcodeFailure(Message response) {
        int rcode = response.getRcode();
        return rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN ? null : Rcode.string(rcode);
    }

    private static String describe(Throwable error, long timeoutMillis) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
            return "timeout after " + timeoutMillis + " ms";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static <T> DnsAnswer<T> decode(Name question, int type, Message response, Function<Record, T> decode) {
        boolean authentic = response.getHeader().getFlag(Flags.AD);
        Name owner = question;
        List<Record> answers = response.getSection(Section.ANSWER);
        long ttl = Long.MAX_VALUE;
        for (int hops = 0; hops <= MAX_CNAME_CHAIN; hops++) {
            List<T> records = new ArrayList<>();
            for (Record record : answers) {
                if (record.getType() == type && record.getName().equals(owner)) {
                    records.add(decode.apply(record));
                    ttl = Math.min(ttl, record.getTTL());
                }
            }
            if (!records.isEmpty()) {
                return DnsAnswer.records(records, Duration.ofSeconds(ttl), authentic);
            }
            Optional<CNAMERecord> alias = cname(answers, owner);
            if (alias.isEmpty()) {
                break;
            }
            ttl = Math.min(ttl, alias.get().getTTL());
            owner = alias.get().getTarget();
        }
        Duration negativeTtl = negativeTtl(response);
        String where = owner.equals(question) ? "" : "at the end of the CNAME chain, " + QueryName.text(owner);
        return response.getRcode() == Rcode.NXDOMAIN
            ? DnsAnswer.nxdomain(negativeTtl, where)
            : DnsAnswer.nodata(negativeTtl, where);
    }

    private static Optional<CNAMERecord> cname(List<Record> answers, Name owner) {
        return answers.stream()
            .filter(record -> record.getType() == Type.CNAME && record.getName().equals(owner))
            .map(CNAMERecord.class::cast)
            .findFirst();
    }

    /** RFC 2308 §5: the TTL of a negative answer is the smaller of the SOA's TTL and its MINIMUM field. */
    private static Duration negativeTtl(Message response) {
        return response.getSection(Section.AUTHORITY).stream()
            .filter(record -> record.getType() == Type.SOA)
            .map(SOARecord.class::cast)
            .map(soa -> Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum())))
            .findFirst()
            .orElse(Duration.ZERO);
    }

    /** RFC 7208 §3.3 and RFC 6376 §3.6.2.2: the strings of one TXT record are concatenated without spaces. */
    private static String joinedStrings(TXTRecord record) {
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (byte[] string : record.getStringsAsByteArrays()) {
            joined.write(string, 0, string.length);
        }
        return new String(joined.toByteArray(), StandardCharsets.UTF_8);
    }

    private static final class Outcome {
        private final Optional<Message> response;
        private final String failure;

        private Outcome(Optional<Message> response, String failure) {
            this.response = response;
            this.failure = failure;
        }

        static Outcome answered(Message response) {
            return new Outcome(Optional.of(response), "");
        }

        static Outcome failed(String reason) {
            return new Outcome(Optional.empty(), reason);
        }
    }
}
