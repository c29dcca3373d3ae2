package org.mailauth.dns;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends DNS messages and receives the answers over UDP and TCP, all multiplexed on one selector thread, so
 * thousands of queries in flight cost no thread each. Every exchange has a deadline, checked on every turn
 * of the loop: an exchange that is not answered in time fails with a {@link SocketTimeoutException} at its
 * deadline, however busy the transport is.
 *
 * <p>UDP: each query gets its own socket on a port the kernel picks at random and connected to the server,
 * so only the server's datagrams arrive; an answer whose ID is not the query's is ignored (RFC 5452 §4).
 * TCP: RFC 1035 §4.2.2 framing, one query per connection.
 *
 * <p>dnsjava 3.5.2's own NIO client sends a query only when its selector happens to be idle, so a busy
 * resolver starves its new queries; this transport exists to avoid that.
 */
final class NioDnsTransport implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(NioDnsTransport.class);
    private static final long MAX_SELECT_MILLIS = 1000;

    private final Selector selector;
    private final Queue<Exchange> registrations = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Exchange> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    private final Thread loop;
    private volatile boolean running = true;

    NioDnsTransport() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector for DNS", e);
        }
        this.loop = new Thread(this::run, "mailauth-dns");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /** Sends {@code query} in one datagram; completes with the answer (at most {@code maxSize} octets). */
    CompletableFuture<byte[]> udp(InetSocketAddress server, byte[] query, int maxSize, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        try {
            DatagramChannel channel = DatagramChannel.open();
            channel.configureBlocking(false);
            channel.bind(null);
            channel.connect(server);
            if (channel.write(ByteBuffer.wrap(query)) != query.length) {
                channel.close();
                answer.completeExceptionally(new IOException("the datagram could not be sent"));
                return answer;
            }
            submit(new UdpExchange(channel, query, maxSize, deadline(timeout), answer));
        } catch (IOException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** Sends {@code query} over a new TCP connection; completes with the answer. */
    CompletableFuture<byte[]> tcp(InetSocketAddress server, byte[] query, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(server);
            submit(new TcpExchange(channel, query, deadline(timeout), answer));
        } catch (IOException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private void submit(Exchange exchange) {
        if (!running) {
            exchange.fail(new IOException("the DNS transport is closed"));
            return;
        }
        registrations.add(exchange);
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                registerNew();
                selector.select(selectTimeoutMillis());
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Exchange) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
                expire();
            }
        } catch (IOException | ClosedSelectorException e) {
            LOGGER.error("The DNS transport stopped", e);
        } finally {
            shutDown();
        }
    }

    private void registerNew() {
        for (Exchange exchange = registrations.poll(); exchange != null; exchange = registrations.poll()) {
            try {
                exchange.register(selector);
                deadlines.add(exchange);
            } catch (IOException e) {
                exchange.fail(e);
            }
        }
    }

    private long selectTimeoutMillis() {
        Exchange next = deadlines.peek();
        if (next == null) {
            return MAX_SELECT_MILLIS;
        }
        long millis = (next.deadline - System.nanoTime()) / 1_000_000 + 1;
        return Math.max(1, Math.min(MAX_SELECT_MILLIS, millis));
    }

    private void expire() {
        long now = System.nanoTime();
        while (!deadlines.isEmpty() && (deadlines.peek().done() || deadlines.peek().deadline - now <= 0)) {
            Exchange exchange = deadlines.poll();
            if (!exchange.done()) {
                exchange.fail(new SocketTimeoutException("no answer in time"));
            }
        }
    }

    private void shutDown() {
        IOException closed = new IOException("the DNS transport is closed");
        registrations.forEach(exchange -> exchange.fail(closed));
        deadlines.forEach(exchange -> exchange.fail(closed));
        try {
            selector.close();
        } catch (IOException e) {
            LOGGER.debug("closing the selector", e);
        }
    }

    /** One query and its answer on one channel; touched only by the selector thread once registered. */
    private abstract static class Exchange {
        final SelectableChannel channel;
        final long deadline;
        final CompletableFuture<byte[]> answer;

        Exchange(SelectableChannel channel, long deadline, CompletableFuture<byte[]> answer) {
            this.channel = channel;
            this.deadline = deadline;
            this.answer = answer;
        }

        abstract void register(Selector selector) throws IOException;

        abstract void ready(SelectionKey key);

        boolean done() {
            return answer.isDone();
        }

        void succeed(byte[] bytes) {
            closeChannel();
            answer.complete(bytes);
        }

        void fail(Exception error) {
            closeChannel();
            answer.completeExceptionally(error);
        }

        private void closeChannel() {
            try {
                channel.close();
            } catch (IOException e) {
                LOGGER.debug("closing a DNS channel", e);
            }
        }
    }

    private static final class UdpExchange extends Exchange {
        private final int queryId;
        private final ByteBuffer buffer;

        UdpExchange(DatagramChannel channel, byte[] query, int maxSize, long deadline, CompletableFuture<byte[]> answer) {
            super(channel, deadline, answer);
            this.queryId = id(query);
            this.buffer = ByteBuffer.allocate(maxSize);
        }

        @Override
        void register(Selector selector) throws IOException {
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        @Override
        void ready(SelectionKey key) {
            try {
                buffer.clear();
                int read = ((DatagramChannel) channel).read(buffer);
                if (read >= 12 && id(buffer.array()) == queryId) {
                    byte[] bytes = new byte[read];
                    System.arraycopy(buffer.array(), 0, bytes, 0, read);
                    succeed(bytes);
                } else {
                    LOGGER.debug("ignored a datagram that does not answer query {}", queryId);
                }
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private static final class TcpExchange extends Exchange {
        private final ByteBuffer out;
        private final ByteBuffer length = ByteBuffer.allocate(2);
        private ByteBuffer in;

        TcpExchange(SocketChannel channel, byte[] query, long deadline, CompletableFuture<byte[]> answer) {
            super(channel, deadline, answer);
            this.out = ByteBuffer.allocate(query.length + 2);
            out.putShort((short) query.length).put(query).flip();
        }

        @Override
        void register(Selector selector) throws IOException {
            channel.register(selector, SelectionKey.OP_CONNECT, this);
        }

        @Override
        void ready(SelectionKey key) {
            SocketChannel socket = (SocketChannel) channel;
            try {
                if (key.isConnectable() && socket.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    socket.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    read(socket);
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        private void read(SocketChannel socket) throws IOException {
            if (in == null) {
                if (socket.read(length) < 0) {
                    throw new EOFException("the server closed the connection before answering");
                }
                if (length.hasRemaining()) {
                    return;
                }
                in = ByteBuffer.allocate(((length.get(0) & 0xff) << 8) | (length.get(1) & 0xff));
            }
            if (socket.read(in) < 0) {
                throw new EOFException("the server closed the connection in the middle of its answer");
            }
            if (!in.hasRemaining()) {
                succeed(in.array());
            }
        }
    }

    private static int id(byte[] message) {
        return ((message[0] & 0xff) << 8) | (message[1] & 0xff);
    }
}
