package org.mailauth.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Reads and writes DNS server addresses in the {@code host[:port]} form used by configuration and the CLI. */
public final class ServerAddress {

    public static final int DNS_PORT = 53;

    private ServerAddress() {
    }

    /**
     * {@code 192.0.2.1}, {@code 192.0.2.1:5353}, {@code dns.example}, {@code [2001:db8::1]:53} or
     * {@code 2001:db8::1}. A host name is resolved once, here, by the platform resolver.
     */
    public static InetSocketAddress parse(String spec) {
        String text = spec.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty DNS server address");
        }
        String host = text;
        int port = DNS_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in DNS server address: " + spec);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in DNS server address: " + spec);
                }
                port = port(rest.substring(1), spec);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text.substring(text.indexOf(':') + 1), spec);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown DNS server host in '" + spec + "': " + host, e);
        }
    }

    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static int port(String text, String spec) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port in DNS server address '" + spec + "': " + text);
    }
}
