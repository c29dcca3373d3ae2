package org.mailauth.testkit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, as Linux tells them: the listening entries (state 0A) of
 * {@code /proc/PID/net/tcp} and {@code tcp6} whose socket inode is one of the process's open files
 * ({@code /proc/PID/fd/N -> socket:[INODE]}). What {@code ss -ltnp} shows for the process, without needing ss.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** The addresses {@code pid} listens on; an IPv4-mapped IPv6 address is given as the IPv4 address. */
    public static List<InetSocketAddress> of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<String> inodes = socketInodes(proc.resolve("fd"));
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    private static Set<String> socketInodes(Path fds) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    continue;
                }
            }
        }
        return inodes;
    }

    /** "0100007F:0050" (IPv4, each 32-bit word in host byte order, little-endian here) or the 32-digit IPv6 form. */
    static InetSocketAddress address(String field) throws UnknownHostException {
        String[] parts = field.split(":");
        String hex = parts[0];
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        InetAddress address = InetAddress.getByAddress(bytes);
        return new InetSocketAddress(address, Integer.parseInt(parts[1], 16));
    }
}
