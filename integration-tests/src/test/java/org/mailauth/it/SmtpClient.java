package org.mailauth.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An SMTP client that says exactly what the test wants: optionally a PROXY protocol v1 header first, so a
 * James listener with {@code proxyRequired} sees the client IP the test chose (HAProxy PROXY protocol §2.1),
 * then HELO or EHLO, AUTH PLAIN, MAIL FROM, RCPT TO and the raw message. Every reply is checked.
 */
final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpClient(Socket socket, Optional<String> clientIp) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(30_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
        if (clientIp.isPresent()) {
            String family = clientIp.get().contains(":") ? "TCP6" : "TCP4";
            String destination = family.equals("TCP6") ? "::1" : "127.0.0.1";
            write("PROXY " + family + " " + clientIp.get() + " " + destination + " 40000 " + socket.getPort());
        }
        expect(220);
    }

    static SmtpClient connect(int port) throws IOException {
        return new SmtpClient(new Socket("127.0.0.1", port), Optional.empty());
    }

    /** Connects to a {@code proxyRequired} listener, presenting {@code clientIp} as the client's address. */
    static SmtpClient connectAs(String clientIp, int proxyPort) throws IOException {
        return new SmtpClient(new Socket("127.0.0.1", proxyPort), Optional.of(clientIp));
    }

    SmtpClient ehlo(String name) throws IOException {
        return command("EHLO " + name, 250);
    }

    SmtpClient helo(String name) throws IOException {
        return command("HELO " + name, 250);
    }

    SmtpClient authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token, 235);
    }

    /** {@code sender} without brackets; "" for the null reverse-path. */
    SmtpClient mailFrom(String sender) throws IOException {
        return command("MAIL FROM:<" + sender + ">", 250);
    }

    SmtpClient rcptTo(String recipient) throws IOException {
        return command("RCPT TO:<" + recipient + ">", 250);
    }

    /** Sends {@code message} (CRLF line endings) as DATA, dot-stuffed. */
    SmtpClient data(String message) throws IOException {
        command("DATA", 354);
        String body = message.endsWith("\r\n") ? message.substring(0, message.length() - 2) : message;
        StringBuilder stuffed = new StringBuilder();
        for (String line : body.split("\r\n", -1)) {
            stuffed.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        out.write(stuffed.toString().getBytes(StandardCharsets.ISO_8859_1));
        return command(".", 250);
    }

    /** Sends one command line as it is and returns the server's whole reply, whatever its code. */
    String reply(String line) throws IOException {
        write(line);
        return readReply();
    }

    /** HELO/EHLO is already done; one whole transaction. */
    SmtpClient send(String sender, String recipient, String message) throws IOException {
        return mailFrom(sender).rcptTo(recipient).data(message);
    }

    @Override
    public void close() throws IOException {
        try {
            write("QUIT");
        } finally {
            socket.close();
        }
    }

    private SmtpClient command(String line, int expected) throws IOException {
        write(line);
        expect(expected);
        return this;
    }

    private void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A reply; a line that does not start with a code is the rest of a line the server split at a bare CR it echoed. */
    private void expect(int code) throws IOException {
        String reply = readReply();
        String last = reply.substring(reply.lastIndexOf('\n', reply.length() - 2) + 1);
        if (!last.startsWith(Integer.toString(code))) {
            throw new IOException("expected " + code + " but the server said: " + reply.trim());
        }
    }

    private String readReply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; reply so far: " + reply);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-' || !line.matches("[0-9]{3}.*"));
        return reply.toString();
    }
}
