package org.mailauth.testkit.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS server on 127.0.0.1 (UDP and TCP on the same random port) answering from a {@link Zone}, for tests
 * that must exercise the real wire path: truncation and TCP fallback, timeouts, SERVFAIL, NXDOMAIN versus
 * NODATA, TTLs. Start it with {@link #start(Zone)}; the zone, an answer delay and the UDP size limit can be
 * changed while it runs. It counts the queries it receives.
 *
 * <p>UDP answers longer than the UDP limit (512 octets unless set otherwise, whatever EDNS0 size the
 * client offers) are replaced by an empty answer with the TC bit, as RFC 1035 §4.2.1 servers do.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(LoopbackDnsServer.class);
    private static final int CLASSIC_UDP_LIMIT = 512;
    private static final Name SOA_OWNER = Name.root;

    private final AtomicReference<Zone> zone;
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger mostPending = new AtomicInteger();
    private final AtomicInteger udpLimit = new AtomicInteger(CLASSIC_UDP_LIMIT);
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final Map<String, AtomicInteger> queriesByQuestion = new ConcurrentHashMap<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("loopback-dns-tcp"));
    private final ScheduledExecutorService responder = Executors.newScheduledThreadPool(2, daemon("loopback-dns-reply"));
    private final List<Thread> listeners = new ArrayList<>();
    private volatile boolean running = true;

    private LoopbackDnsServer(Zone zone) throws IOException {
        this.zone = new AtomicReference<>(zone);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerSocket tcpSocket = null;
        DatagramSocket udpSocket = null;
        for (int attempt = 0; udpSocket == null; attempt++) {
            tcpSocket = new ServerSocket();
            tcpSocket.bind(new InetSocketAddress(loopback, 0));
            try {
                udpSocket = new DatagramSocket(new InetSocketAddress(loopback, tcpSocket.getLocalPort()));
                // Room for bursts of thousands of queries (the kernel caps it at net.core.rmem_max).
                udpSocket.setReceiveBufferSize(4 << 20);
            } catch (SocketException portTakenForUdp) {
                tcpSocket.close();
                if (attempt == 20) {
                    throw portTakenForUdp;
                }
            }
        }
        this.tcp = tcpSocket;
        this.udp = udpSocket;
        listeners.add(listener("loopback-dns-udp", this::serveUdp));
        listeners.add(listener("loopback-dns-tcp-accept", this::acceptTcp));
    }

    /** Starts a server answering from {@code zone}; close it when done. */
    public static LoopbackDnsServer start(Zone zone) {
        try {
            return new LoopbackDnsServer(zone);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the loopback DNS server", e);
        }
    }

    public int port() {
        return tcp.getLocalPort();
    }

    /** The server as {@code 127.0.0.1:PORT}, the form the pack's configuration and the CLI take. */
    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    public void zone(Zone newZone) {
        zone.set(newZone);
    }

    /** Every answer is sent this long after its query arrived. */
    public void delay(Duration answerDelay) {
        delay.set(answerDelay);
    }

    public void udpLimit(int octets) {
        udpLimit.set(octets);
    }

    public int udpQueries() {
        return udpQueries.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    /** Queries received (UDP and TCP) for {@code name} (trailing dot optional) and {@code type} ("TXT", "A"...). */
    public int queries(String name, String type) {
        AtomicInteger count = queriesByQuestion.get(questionKey(name, type));
        return count == null ? 0 : count.get();
    }

    /** The most queries this server held at once, received and not yet answered: more than one shows lookups overlapped. */
    public int mostPending() {
        return mostPending.get();
    }

    public void resetCounters() {
        udpQueries.set(0);
        tcpQueries.set(0);
        queriesByQuestion.clear();
        mostPending.set(0);
    }

    private void received() {
        int now = pending.incrementAndGet();
        mostPending.accumulateAndGet(now, Math::max);
    }

    private void answered() {
        pending.decrementAndGet();
    }

    @Override
    public void close() {
        running = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            LOGGER.debug("closing TCP listener", e);
        }
        connections.shutdownNow();
        responder.shutdownNow();
        for (Thread listener : listeners) {
            try {
                listener.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (running) {
                    LOGGER.warn("UDP receive failed", e);
                }
                continue;
            }
            udpQueries.incrementAndGet();
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            received();
            schedule(() -> {
                answered();
                answer(query, false).ifPresent(reply -> sendUdp(reply, client));
            });
        }
    }

    private void sendUdp(byte[] reply, InetSocketAddress client) {
        try {
            udp.send(new DatagramPacket(reply, reply.length, client));
        } catch (IOException e) {
            LOGGER.debug("UDP send failed", e);
        }
    }

    private void acceptTcp() {
        while (running) {
            try {
                Socket socket = tcp.accept();
                connections.execute(() -> serveTcp(socket));
            } catch (IOException e) {
                if (running) {
                    LOGGER.warn("TCP accept failed", e);
                }
            }
        }
    }

    /** RFC 1035 §4.2.2: each message is preceded by a two-octet length; a connection may carry several. */
    private void serveTcp(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (running) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                tcpQueries.incrementAndGet();
                received();
                sleep(delay.get());
                answered();
                Optional<byte[]> reply = answer(query, true);
                if (reply.isPresent()) {
                    synchronized (out) {
                        out.writeShort(reply.get().length);
                        out.write(reply.get());
                        out.flush();
                    }
                }
            }
        } catch (SocketException e) {
            LOGGER.debug("TCP connection closed", e);
        } catch (IOException e) {
            LOGGER.warn("TCP connection failed", e);
        }
    }

    private void schedule(Runnable task) {
        try {
            responder.schedule(task, delay.get().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOGGER.debug("server closing, query dropped");
        }
    }

    /** The reply to {@code queryBytes}, or empty when the zone says to stay silent or the query is unreadable. */
    Optional<byte[]> answer(byte[] queryBytes, boolean overTcp) {
        Message query;
        try {
            query = new Message(queryBytes);
        } catch (IOException e) {
            LOGGER.debug("unparsable query ignored", e);
            return Optional.empty();
        }
        Record question = query.getQuestion();
        if (question == null) {
            return Optional.empty();
        }
        queriesByQuestion.computeIfAbsent(questionKey(question.getName().toString(), Type.string(question.getType())),
            key -> new AtomicInteger()).incrementAndGet();

        Zone current = zone.get();
        Optional<Zone.Fault> fault = current.fault(question.getName(), question.getType());
        if (fault.isPresent()) {
            switch (fault.get()) {
                case SILENT:
                    return Optional.empty();
                case GARBAGE:
                    return Optional.of(garbage(query));
                case SERVFAIL:
                    return Optional.of(reply(query, current, Rcode.SERVFAIL).toWire());
                default:
                    throw new IllegalStateException("unknown fault " + fault.get());
            }
        }
        Message reply = resolve(query, current);
        byte[] wire = reply.toWire();
        if (!overTcp && wire.length > udpLimit.get()) {
            Message truncated = reply(query, current, Rcode.NOERROR);
            truncated.getHeader().setFlag(Flags.TC);
            return Optional.of(truncated.toWire());
        }
        return Optional.of(wire);
    }

    private static Message resolve(Message query, Zone zone) {
        Record question = query.getQuestion();
        int type = question.getType();
        Name name = question.getName();
        Message reply = reply(query, zone, Rcode.NOERROR);
        for (int hops = 0; hops < 8; hops++) {
            List<Record> records = zone.records(name, type);
            if (!records.isEmpty()) {
                for (Record record : records) {
                    reply.addRecord(record.withName(name), Section.ANSWER);
                }
                return reply;
            }
            Optional<Name> alias = type == Type.CNAME ? Optional.empty() : zone.cnameTarget(name);
            if (alias.isEmpty()) {
                break;
            }
            reply.addRecord(zone.records(name, Type.CNAME).get(0), Section.ANSWER);
            name = alias.get();
        }
        if (!zone.exists(name)) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        reply.addRecord(soa(zone), Section.AUTHORITY);
        return reply;
    }

    private static Message reply(Message query, Zone zone, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setFlag(Flags.AA);
        header.setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (zone.authenticated()) {
            header.setFlag(Flags.AD);
        }
        header.setRcode(rcode);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    private static SOARecord soa(Zone zone) {
        long ttl = zone.negativeTtl();
        try {
            return new SOARecord(SOA_OWNER, DClass.IN, ttl, Name.fromString("ns.test."),
                Name.fromString("hostmaster.test."), 1, 3600, 600, 86400, ttl);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query's ID and a response header claiming one answer that is not there. */
    private static byte[] garbage(Message query) {
        int id = query.getHeader().getID();
        return new byte[] {(byte) (id >> 8), (byte) id, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
            (byte) 0xC0, (byte) 0xFF, 0x7F};
    }

    private static String questionKey(String name, String type) {
        String absolute = name.endsWith(".") ? name : name + ".";
        return absolute.toLowerCase(Locale.ROOT) + " " + type.toUpperCase(Locale.ROOT);
    }

    private Thread listener(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
