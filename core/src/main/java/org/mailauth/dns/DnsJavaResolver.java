package org.mailauth.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Asks recursive DNS servers over the network; dnsjava 3.5.2 writes and reads the messages, and
 * {@link NioDnsTransport} carries them. Queries go out over UDP with EDNS(0) and are repeated over TCP when
 * the answer is truncated (RFC 7766 §5). An attempt that gets no answer within the timeout is retried on the
 * next server; when all attempts fail the lookup is a temporary failure. Answers that do not match the
 * question are refused (RFC 5452 §9.1). No caching here: see {@link CachingDnsResolver}.
 *
 * <p>Answers are decoded, and what callers chain on them runs (DKIM's signature checks, DMARC's next lookups), on a
 * small executor: its own bounded pool of {@link #WORKERS} daemon threads, or one the caller owns. Never on the
 * common fork-join pool, which starts a new thread per task where its parallelism is 1 (2-CPU hosts). Close it to
 * stop its transport thread and its own pool.
 */
public final class DnsJavaResolver implements DnsResolver, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DnsJavaResolver.class);
    private static final int MAX_CNAME_CHAIN = 8;

    private final List<InetSocketAddress> servers;
    private final List<String> serverNames;
    private final DnsSettings settings;
    /** The threads of the resolver's own pool: enough to keep both cores of a small host busy with signature checks. */
    public static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Executor executor;
    private final Optional<ExecutorService> ownPool;
    private final NioDnsTransport transport = new NioDnsTransport();

    /** With a bounded pool of its own ({@link #WORKERS} threads), shut down by {@link #close()}. */
    public DnsJavaResolver(DnsSettings settings) {
        this(settings, workers(), true);
    }

    /** Uses {@code executor}, which the caller owns, to decode answers and run what callers chain on them. */
    public DnsJavaResolver(DnsSettings settings, Executor executor) {
        this(settings, executor, false);
    }

    private DnsJavaResolver(DnsSettings settings, Executor executor, boolean owned) {
        this.settings = settings;
        this.executor = executor;
        this.ownPool = owned ? Optional.of((ExecutorService) executor) : Optional.empty();
        this.servers = settings.servers().isEmpty()
            ? ResolverConfig.getCurrentConfig().servers()
            : settings.servers();
        if (servers.isEmpty()) {
            throw new IllegalStateException("no DNS server configured and none found in the system configuration");
        }
        this.serverNames = servers.stream().map(ServerAddress::format).collect(Collectors.toList());
    }

    @Override
    public void close() {
        transport.close();
        ownPool.ifPresent(ExecutorService::shutdown);
    }

    private static ExecutorService workers() {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(WORKERS, runnable -> {
            Thread thread = new Thread(runnable, "mailauth-dns-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
        query.addRecord(new OPTRecord(settings.ednsPayload(), 0, 0, 0), Section.ADDITIONAL);
        return attempt(query, query.toWire(), 0, new ArrayList<>())
            .thenApply(outcome -> outcome.response
                .map(response -> decode(name, type, response, decode))
                .orElseGet(() -> DnsAnswer.temporaryFailure(outcome.failure)));
    }

    /** Sends attempt number {@code attempt}; on a failure worth retrying, sends the next one. */
    private CompletableFuture<Outcome> attempt(Message query, byte[] wire, int attempt, List<String> failures) {
        int index = attempt % servers.size();
        InetSocketAddress server = servers.get(index);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        return exchange(query, wire, server, deadline)
            .handleAsync((response, error) -> {
                String failure = error != null ? describe(error) : rcodeFailure(response);
                if (failure == null) {
                    return CompletableFuture.completedFuture(Outcome.answered(response));
                }
                failures.add(failure + " (" + serverNames.get(index) + ")");
                boolean worthRetrying = error != null || servers.size() > 1;
                if (attempt < settings.retries() && worthRetrying) {
                    return attempt(query, wire, attempt + 1, failures);
                }
                String reason = String.join("; ", failures);
                LOGGER.debug("DNS {} {} failed: {}", Type.string(query.getQuestion().getType()),
                    query.getQuestion().getName(), reason);
                return CompletableFuture.completedFuture(Outcome.failed(reason));
            }, executor)
            .thenCompose(Function.identity());
    }

    /** One question to one server: UDP, then TCP if the UDP answer was truncated, before {@code deadline}. */
    private CompletableFuture<Message> exchange(Message query, byte[] wire, InetSocketAddress server, long deadline) {
        return transport.udp(server, wire, settings.ednsPayload(), remaining(deadline))
            .thenCompose(bytes -> {
                Message response = parse(query, bytes);
                if (!response.getHeader().getFlag(Flags.TC)) {
                    return CompletableFuture.completedFuture(response);
                }
                return transport.tcp(server, wire, remaining(deadline)).thenApply(tcpBytes -> parse(query, tcpBytes));
            });
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The answer, if it is one to {@code query} (RFC 5452 §9.1: same ID, name, type and class). */
    private static Message parse(Message query, byte[] bytes) {
        Message response;
        try {
            response = new Message(bytes);
        } catch (IOException e) {
            throw new CompletionException(new WireParseException("malformed answer: " + e.getMessage()));
        }
        Record question = query.getQuestion();
        Record answered = response.getQuestion();
        if (response.getHeader().getID() != query.getHeader().getID() || !response.getHeader().getFlag(Flags.QR)
            || answered == null || !answered.getName().equals(question.getName())
            || answered.getType() != question.getType() || answered.getDClass() != question.getDClass()) {
            throw new CompletionException(new WireParseException("the answer does not match the question"));
        }
        return response;
    }

    /** NOERROR and NXDOMAIN are answers; any other RCODE (SERVFAIL, REFUSED...) is a failure. */
    private static String rcodeFailure(Message response) {
        int rcode = response.getRcode();
        return rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN ? null : Rcode.string(rcode);
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof SocketTimeoutException) {
            return "timeout after " + settings.timeout().toMillis() + " ms";
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
                if (record.getType() == type && record.getDClass() == DClass.IN && record.getName().equals(owner)) {
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
            .filter(record -> record.getType() == Type.CNAME && record.getDClass() == DClass.IN && record.getName().equals(owner))
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
