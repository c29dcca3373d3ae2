package org.mailauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.smtp.SmtpSink;

/**
 * The pack installed into a real James 3.8.1 as docs/install.md says, with the sample mailet container:
 * it loads from extensions-jars/, mail flows in and out.
 */
class InstallationIT {

    private static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
        + "To: Bob <bob@gateway.test>\r\n"
        + "Subject: hello\r\n"
        + "Message-ID: <hello-1@example.org>\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "\r\n"
        + "Hello Bob.\r\n";

    private static JamesHarness james;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesHarness.builder().start();
        james.addUser("bob@gateway.test", "bobpw");
        james.addUser("alice@gateway.test", "alicepw");
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void noClassOfThePackJarIsOnTheTestClasspathNorInJames() throws Exception {
        List<String> classes;
        try (JarFile pack = new JarFile(JamesHarness.packJar().toFile())) {
            classes = Collections.list(pack.entries()).stream()
                .map(JarEntry::getName)
                .filter(name -> name.endsWith(".class"))
                .collect(Collectors.toList());
        }

        assertThat(classes).contains("org/mailauth/james/MailauthModule.class",
            "org/mailauth/james/mailets/AuthenticationResults.class", "org/mailauth/dns/DnsJavaResolver.class",
            "org/mailauth/report/jdbc/JdbcReportStore.class");
        // The test classpath is James 3.8.1's whole runtime: a pack class found there would either shadow
        // James (a duplicate, loaded parent-first) or prove the pack came from the classpath, not the jar.
        // The PostgreSQL JDBC driver is the one exception: DmarcReportsClusterIT's own PostgreSQL server needs it on
        // the test class path; James 3.8.1 itself does not ship it.
        assertThat(classes).filteredOn(entry -> !entry.contains("org/postgresql/")).allSatisfy(entry ->
            assertThat(InstallationIT.class.getClassLoader().getResource(entry)).as(entry).isNull());
    }

    @Test
    void thePackJarIsInstalledInExtensionsJars() {
        assertThat(james.path("extensions-jars").resolve(JamesHarness.packJar().getFileName())).isRegularFile();
    }

    @Test
    void aPlainMessageIsDeliveredToTheInboxWithOurAuthenticationResults() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.org").send("alice@example.org", "bob@gateway.test", MESSAGE);
        }

        try (TestIMAPClient imap = james.imap("bob@gateway.test", "bobpw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            String headers = imap.readFirstMessageHeaders();
            assertThat(headers).contains("Authentication-Results: mx.gateway.test;")
                .contains("spf=none smtp.mailfrom=alice@example.org")
                .contains("Subject: hello");
        }
    }

    @Test
    void aForgedAuthenticationResultsFieldOfOursIsRemoved() throws Exception {
        String forged = "Authentication-Results: mx.gateway.test; dmarc=pass header.from=example.org\r\n"
            + "Authentication-Results: other.example; spf=pass smtp.mailfrom=example.org\r\n"
            + MESSAGE.replace("bob@gateway.test", "carol@gateway.test");
        james.addUser("carol@gateway.test", "carolpw");
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("client.example.org").send("alice@example.org", "carol@gateway.test", forged);
        }

        try (TestIMAPClient imap = james.imap("carol@gateway.test", "carolpw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            String headers = imap.readFirstMessageHeaders();
            assertThat(headers).contains("Authentication-Results: mx.gateway.test;")
                .contains("Authentication-Results: other.example; spf=pass")
                .doesNotContain("dmarc=pass");
        }
    }

    @Test
    void theProxyListenerShowsJamesTheClientIpTheTestChose() throws Exception {
        james.addUser("dave@gateway.test", "davepw");
        try (SmtpClient smtp = james.smtpFrom("192.0.2.55")) {
            smtp.ehlo("client.example.org").send("alice@example.org", "dave@gateway.test",
                MESSAGE.replace("bob@gateway.test", "dave@gateway.test"));
        }

        try (TestIMAPClient imap = james.imap("dave@gateway.test", "davepw")) {
            imap.select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofSeconds(30)));
            assertThat(imap.readFirstMessageHeaders()).contains("[192.0.2.55]");
        }
    }

    @Test
    void anAuthenticatedMessageToAnotherDomainIsRelayedToTheSink() throws Exception {
        try (SmtpClient smtp = james.smtp()) {
            smtp.ehlo("laptop.gateway.test").authPlain("alice@gateway.test", "alicepw")
                .send("alice@gateway.test", "friend@remote.example",
                    MESSAGE.replace("Bob <bob@gateway.test>", "Friend <friend@remote.example>"));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !james.sink().received().isEmpty());
        SmtpSink.Received relayed = james.sink().received().get(0);
        assertThat(relayed.mailFrom).isEqualTo("alice@gateway.test");
        assertThat(relayed.recipients).containsExactly("friend@remote.example");
        assertThat(relayed.data).contains("Subject: hello").doesNotContain("Authentication-Results").doesNotContain("ARC-Seal");
    }
}
