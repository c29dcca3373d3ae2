package org.mailauth.benchmarks.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/**
 * Serves the TXT records of a {@link BatchWorkload} {@code zone.txt} on 127.0.0.1 (UDP and TCP, a free port written to
 * {@code PORT_FILE}) until it is killed; every other name is NXDOMAIN. Nothing leaves the host. On exit it prints the
 * queries it answered to stderr.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.mailauth.benchmarks.batch.ZoneServer ZONE_FILE PORT_FILE}
 */
public final class ZoneServer {

    /** Large enough for a 4096-bit DKIM key over UDP, as EDNS(0) clients offer (RFC 6891 §6.2.5). */
    private static final int UDP_LIMIT = 1232;

    private ZoneServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ZoneServer ZONE_FILE PORT_FILE");
            System.exit(2);
        }
        Zone.Builder zone = Zone.builder().ttl(3600).negativeTtl(3600);
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                int tab = line.indexOf('\t');
                zone.longTxt(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        LoopbackDnsServer server = LoopbackDnsServer.start(zone.build());
        server.udpLimit(UDP_LIMIT);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println(
            "zone server: " + server.udpQueries() + " UDP and " + server.tcpQueries() + " TCP queries answered")));
        Path portFile = Path.of(args[1]);
        Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), server.port() + "\n");
        Files.move(written, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        new CountDownLatch(1).await();
    }
}
