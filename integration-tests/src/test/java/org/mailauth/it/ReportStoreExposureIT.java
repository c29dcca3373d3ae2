package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.Zone;
import org.mailauth.testkit.net.ListeningSockets;

/**
 * The pack in a James installed by hand (not by {@code mailauth run}) opens no port of its own and keeps its report
 * store private (issue 14): the embedded H2 database is a file James alone opens, with no H2 server (its AUTO_SERVER
 * listened on every interface), in a folder of mode 0700 with files of mode 0600 whatever the umask.
 */
class ReportStoreExposureIT {

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder()
            .zone(Zone.builder()
                .txt("sender.example", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc.sender.example", "v=DMARC1; p=none; rua=mailto:dmarc@sender.example")
                .build())
            .properties("reports.poll=1s\n")
            .start();
        james.addUser("bob@" + JamesHarness.DOMAIN, "bobpw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void thisJvmListensOnlyOnJamesConfiguredPortsAndTheTestsOwnServersAllOnLoopback() throws Exception {
        List<InetSocketAddress> listening = ListeningSockets.of(ProcessHandle.current().pid());

        assertThat(listening).containsExactlyInAnyOrder(loopback(james.smtpPort()), loopback(james.proxySmtpPort()),
            loopback(james.imapPort()), loopback(james.sink().port()), loopback(james.dns().port()));
    }

    @Test
    void theReportStoreFolderIsJamesUsersAloneAndItsFilesAreReadableByThatUserOnly() throws Exception {
        try (SmtpClient smtp = james.smtpFrom("192.0.2.10")) {
            smtp.ehlo("mta.sender.example").send("news@sender.example", "bob@" + JamesHarness.DOMAIN,
                "From: <news@sender.example>\r\nTo: <bob@" + JamesHarness.DOMAIN + ">\r\nSubject: counted\r\n"
                    + "Message-ID: <counted@sender.example>\r\n\r\nHi.\r\n");
        }
        Path store = james.path("var/mailauth");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(store.resolve("reports.mv.db")) > 0);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(store)) {
            assertThat(files).isNotEmpty().allSatisfy(file ->
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
