package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The James configuration {@code mailauth run} writes from its options. */
class JamesDirectoryTest {

    @TempDir
    Path folder;

    private JamesDirectory prepare(boolean beyondLoopback, String maxMessageSize) throws Exception {
        return prepare(beyondLoopback, maxMessageSize, "1d", ClusterSettings.ALONE);
    }

    private JamesDirectory prepare(boolean beyondLoopback, String maxMessageSize, String reportInterval, ClusterSettings cluster)
        throws Exception {
        Path container = Files.writeString(folder.resolve("sample-mailetcontainer.xml"), "<mailetcontainer/>");
        Path pack = Files.writeString(folder.resolve("mailauth-james-pack-0.jar"), "jar");
        JamesDirectory directory = new JamesDirectory(folder.resolve("data/james"));
        directory.prepare(new JamesDirectory.Settings(beyondLoopback ? "0.0.0.0" : "127.0.0.1", 2525, 1143, 8000, "example.test",
            Optional.empty(), List.of(), 5000, true, reportInterval, beyondLoopback, MessageSize.parse(maxMessageSize), true,
            cluster),
            container, pack, Instant.parse("2026-11-29T12:00:00Z"));
        return directory;
    }

    private static String conf(JamesDirectory directory, String file) throws Exception {
        return Files.readString(directory.conf().resolve(file));
    }

    @Test
    void everyPlaceholderIsFilled() throws Exception {
        JamesDirectory directory = prepare(true, "25M");

        for (String file : JamesDirectory.TEMPLATES) {
            assertThat(conf(directory, file)).as(file).doesNotContain("@SMTP").doesNotContain("@IMAP").doesNotContain("@WEBADMIN")
                .doesNotContain("<!--@").doesNotContain("#@").doesNotContain("@NODE@");
        }
    }

    @Test
    void aNodeOfSeveralNamesItselfInTheLogAndSharesTheReportDatabase() throws Exception {
        JamesDirectory directory = prepare(false, "25M", "1d", new ClusterSettings(Optional.of("mx-2"),
            Optional.of("jdbc:postgresql://db.example/reports"), "mailauth", "s\\ecret"));

        assertThat(conf(directory, "mailauth.properties")).contains("reports.node=mx-2\n"
            + "reports.database.url=jdbc:postgresql://db.example/reports\nreports.database.user=mailauth\n"
            + "reports.database.password=s\\\\ecret\n").doesNotContain("reports.lease");
        assertThat(conf(directory, "logback.xml")).contains("%d{HH:mm:ss.SSS} [mx-2] %-5level").contains("james: [mx-2] %-5level");
    }

    @Test
    void aNodeAloneKeepsItsReportsInItsFolder() throws Exception {
        JamesDirectory directory = prepare(false, "25M");

        assertThat(conf(directory, "mailauth.properties")).doesNotContain("reports.node").doesNotContain("reports.database");
        assertThat(conf(directory, "logback.xml")).contains("%d{HH:mm:ss.SSS} %-5level");
    }

    @Test
    void aReportIntervalOfSecondsGetsALeaseOfSecondsToo() throws Exception {
        assertThat(conf(prepare(false, "25M", "20s", ClusterSettings.ALONE), "mailauth.properties"))
            .contains("reports.poll=1s\n").contains("reports.lease=10s\n");
    }

    @Test
    void theMessageSizeLimitIsWrittenInKibiOctets() throws Exception {
        assertThat(conf(prepare(false, "512K"), "smtpserver.xml")).contains("<maxmessagesize>512</maxmessagesize>");
    }

    @Test
    void webAdminWantsAJwtSignedByTheKeyOfThisStart() throws Exception {
        JamesDirectory directory = prepare(false, "25M");

        assertThat(conf(directory, "webadmin.properties")).contains("host=127.0.0.1")
            .contains("jwt.enabled=true\njwt.publickeypem.url=file://" + directory.conf().resolve("webadmin-jwt.pub").toAbsolutePath());
    }

    @Test
    void smtpAndImapOfferStartTlsWithTheCertificateOfTheDomain() throws Exception {
        JamesDirectory directory = prepare(false, "25M");

        for (String file : List.of("smtpserver.xml", "imapserver.xml")) {
            assertThat(conf(directory, file)).as(file).contains("<tls socketTLS=\"false\" startTLS=\"true\">")
                .contains("<certificates>file://" + directory.root().resolve("tls/example.test.crt").toAbsolutePath() + "</certificates>");
        }
    }

    @Test
    void onLoopbackAuthNeedsNoTls() throws Exception {
        JamesDirectory directory = prepare(false, "25M");

        assertThat(conf(directory, "smtpserver.xml")).doesNotContain("requireSSL").doesNotContain("AuthRequiresTls");
        assertThat(conf(directory, "imapserver.xml")).doesNotContain("requireSSL");
    }

    @Test
    void beyondLoopbackAuthAndLoginWaitForStartTls() throws Exception {
        JamesDirectory directory = prepare(true, "25M");

        assertThat(conf(directory, "smtpserver.xml")).contains("<requireSSL>true</requireSSL>")
            .contains("<handler class=\"org.mailauth.james.smtp.AuthRequiresTls\"/>\n"
                + "            <handler class=\"org.mailauth.james.smtp.AuthenticationHook\"/>\n"
                + "            <handler class=\"org.apache.james.smtpserver.CoreCmdHandlerLoader\"/>");
        assertThat(conf(directory, "imapserver.xml")).contains("<requireSSL>true</requireSSL>");
    }
}
