package org.mailauth.testkit.smtp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An SMTP server on 127.0.0.1 that accepts every message and keeps it: where James's RemoteDelivery sends
 * outbound mail in the tests (outbound signing, reports; in-process James or `mailauth run`).
 */
public final class SmtpSink implements AutoCloseable {

    /** One accepted message: the envelope and the exact bytes of DATA (dot-unstuffed, CRLF lines). */
    public static final class Received {
        public final String mailFrom;
        public final List<String> recipients;
        public final String data;

        Received(String mailFrom, List<String> recipients, String data) {
            this.mailFrom = mailFrom;
            this.recipients = List.copyOf(recipients);
            this.data = data;
        }
    }

    private final ServerSocket socket;
    private final ExecutorService sessions = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final boolean announces8BitMime;

    /** {@code announces8BitMime}: whether EHLO offers 8BITMIME (RFC 6152). */
    public SmtpSink(boolean announces8BitMime) throws IOException {
        this.announces8BitMime = announces8BitMime;
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        sessions.execute(this::accept);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        sessions.shutdownNow();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                sessions.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = client.getOutputStream()) {
            reply(out, "220 sink.test ESMTP");
            String mailFrom = null;
            List<String> recipients = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO":
                        reply(out, announces8BitMime ? "250-sink.test\r\n250-8BITMIME\r\n250 PIPELINING" : "250-sink.test\r\n250 PIPELINING");
                        break;
                    case "HELO":
                        reply(out, "250 sink.test");
                        break;
                    case "MAIL":
                        mailFrom = between(line, '<', '>');
                        recipients.clear();
                        reply(out, "250 OK");
                        break;
                    case "RCPT":
                        recipients.add(between(line, '<', '>'));
                        reply(out, "250 OK");
                        break;
                    case "DATA":
                        reply(out, "354 go on");
                        received.add(new Received(mailFrom, recipients, readData(in)));
                        reply(out, "250 accepted");
                        break;
                    case "QUIT":
                        reply(out, "221 bye");
                        return;
                    default:
                        reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            data.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return data.toString(StandardCharsets.ISO_8859_1);
    }

    private static String between(String line, char open, char close) {
        int start = line.indexOf(open);
        int end = line.indexOf(close, start + 1);
        return start >= 0 && end > start ? line.substring(start + 1, end) : "";
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
