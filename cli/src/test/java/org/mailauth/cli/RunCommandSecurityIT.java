package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailauth.testkit.net.ListeningSockets;

/**
 * {@code bin/mailauth run} where others can reach it: WebAdmin wants the token of this start, SMTP refuses
 * messages above its size limit (RFC 1870: 552), STARTTLS is offered with the certificate the first start made,
 * and beyond loopback AUTH and LOGIN wait for it (RFC 4954 §4 and §6: 538 5.7.11; RFC 9051 §6.2.3).
 */
class RunCommandSecurityIT {

    private static final String USER = "test@run.test";

    /** One SMTP session on 127.0.0.1, switched to TLS on demand. */
    private static final class Smtp implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        Smtp(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            streams();
            assertThat(reply()).startsWith("220");
        }

        private void streams() throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        }

        /** The reply to one command line, its lines joined with LF. */
        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        private String reply() throws IOException {
            StringBuilder reply = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reply.append(line).append('\n');
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return reply.toString();
                }
            }
            throw new IOException("connection closed; so far: " + reply);
        }

        /** RFC 3207: STARTTLS, then a handshake that checks the certificate names localhost. */
        void startTls(SSLContext trusting) throws IOException {
            assertThat(command("STARTTLS")).startsWith("220");
            socket = handshake(trusting, socket);
            streams();
        }

        /** DATA with a body of {@code octets} octets in lines of 78, and the reply after the final dot. */
        String data(long octets) throws IOException {
            assertThat(command("DATA")).startsWith("354");
            out.write(("From: alice@example.org\r\nTo: " + USER + "\r\nSubject: big\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[78];
            Arrays.fill(line, (byte) 'x');
            line[76] = '\r';
            line[77] = '\n';
            for (long written = 0; written < octets; written += line.length) {
                out.write(line);
            }
            return command(".");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static SSLSocket handshake(SSLContext trusting, Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    /** A TLS client that trusts exactly the certificate {@code mailauth run} made. */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("mailauth-run", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The port the start chose for WebAdmin, as its configuration says. */
    private static int webAdminPort(Path data) throws IOException {
        Properties webAdmin = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("james/conf/webadmin.properties"))) {
            webAdmin.load(in);
        }
        return Integer.parseInt(webAdmin.getProperty("port"));
    }

    /** What the James that {@code run} started listens on (the launcher's child). */
    private static List<InetSocketAddress> listening(RunProcess run) throws IOException {
        long james = run.process.toHandle().children().findFirst().orElseThrow().pid();
        return ListeningSockets.of(james);
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static String authPlain(String user, String password) {
        return "AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The default start, on 127.0.0.1. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnLoopback {

        private Path data;
        private RunProcess run;
        private String banner;
        private int smtpPort;
        private int imapPort;
        private int webAdminPort;
        private final HttpClient http = HttpClient.newHttpClient();

        @BeforeAll
        void start(@TempDir Path folder) throws Exception {
            data = folder;
            smtpPort = RunProcess.freePort();
            imapPort = RunProcess.freePort();
            run = new RunProcess(data, smtpPort, imapPort);
            banner = run.awaitReady(Duration.ofMinutes(3));
            webAdminPort = webAdminPort(data);
        }

        @AfterAll
        void stop() throws Exception {
            try {
                assertThat(run.stop()).isTrue();
            } finally {
                run.close();
            }
        }

        private HttpResponse<String> getUsers(String authorization) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + "/users"))
                .timeout(Duration.ofSeconds(10));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void webAdminRefusesARequestWithoutTheTokenOfThisStart() throws Exception {
            assertThat(getUsers(null).statusCode()).isEqualTo(401);
            assertThat(getUsers("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiYWRtaW4iOnRydWV9.").statusCode()).isEqualTo(401);
        }

        @Test
        void webAdminAnswersWithTheTokenFromAFileOnlyItsOwnerCanRead() throws Exception {
            Path tokenFile = data.resolve("james/webadmin.token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(banner).contains("WebAdmin   http://127.0.0.1:" + webAdminPort + " (127.0.0.1 only)")
                .contains(tokenFile.toAbsolutePath().toString());

            HttpResponse<String> users = getUsers("Bearer " + Files.readString(tokenFile).trim());

            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("\"username\":\"" + USER + "\"");
        }

        @Test
        void theDataDirectoryIsClosedToOtherUsers() throws Exception {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("james")))).isEqualTo("rwx------");
        }

        /** Issue 14: the report store's H2 opened a TCP server on every interface (AUTO_SERVER), with --bind 127.0.0.1 too. */
        @Test
        void jamesListensOnlyOnSmtpImapAndWebAdminAllOnLoopback() throws Exception {
            assertThat(listening(run)).containsExactlyInAnyOrder(loopback(smtpPort), loopback(imapPort), loopback(webAdminPort));
        }

        @Test
        void theReportStoreIsReadableByItsOwnerOnly() throws Exception {
            Path store = data.resolve("james/var/mailauth");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
            try (var files = Files.list(store)) {
                assertThat(files).isNotEmpty().allSatisfy(file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));
            }
        }

        @Test
        void reportPreviewReadsTheStoreWhileJamesRuns() {
            CommandRun preview = CommandRun.of("report", "preview", "--data", data.toString());

            assertThat(preview.exitCode).as(preview.err).isZero();
            assertThat(preview.out).contains("<!-- no aggregate report rows -->");
        }

        @Test
        void aMessageAboveTheDefaultLimitOfTwentyFiveMebibytesIsRefusedWith552() throws Exception {
            try (Smtp smtp = new Smtp(smtpPort)) {
                String ehlo = smtp.command("EHLO client.example.org");
                assertThat(smtp.command("MAIL FROM:<alice@example.org>")).startsWith("250");
                assertThat(smtp.command("RCPT TO:<" + USER + ">")).startsWith("250");

                assertThat(smtp.data(25L * 1024 * 1024 + 64 * 1024)).startsWith("552");
                assertThat(ehlo).containsPattern("(?m)^250[- ]SIZE 26214400$");
            }
        }

        @Test
        void aDeclaredSizeAboveTheLimitIsRefusedAtMailFrom() throws Exception {
            try (Smtp smtp = new Smtp(smtpPort)) {
                smtp.command("EHLO client.example.org");

                assertThat(smtp.command("MAIL FROM:<alice@example.org> SIZE=26214401")).startsWith("552");
            }
        }

        /** Loopback is this machine's own traffic: AUTH stays offered without TLS, and STARTTLS is there too. */
        @Test
        void startTlsIsOfferedWithTheCertificateTheFirstStartMade() throws Exception {
            Path certificate = data.resolve("james/tls/run.test.crt");
            try (Smtp smtp = new Smtp(smtpPort)) {
                assertThat(smtp.command("EHLO client.example.org")).containsPattern("(?m)^250[- ]STARTTLS$").contains("AUTH LOGIN PLAIN");

                smtp.startTls(trusting(certificate));

                assertThat(smtp.command("EHLO client.example.org")).contains("AUTH LOGIN PLAIN");
                assertThat(smtp.command(authPlain(USER, "test"))).startsWith("235");
            }
        }
    }

    /** {@code --bind 0.0.0.0}, reached here over 127.0.0.1 like any other address of the machine. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BeyondLoopback {

        private static final String PASSWORD = "a password of the admin's choosing";

        private Path data;
        private RunProcess run;
        private String banner;
        private int smtpPort;
        private int imapPort;

        @BeforeAll
        void start(@TempDir Path folder) throws Exception {
            data = folder;
            smtpPort = RunProcess.freePort();
            imapPort = RunProcess.freePort();
            run = new RunProcess(data, smtpPort, imapPort, "--bind", "0.0.0.0", "--password", PASSWORD);
            banner = run.awaitReady(Duration.ofMinutes(3));
        }

        @AfterAll
        void stop() throws Exception {
            try {
                assertThat(run.stop()).isTrue();
            } finally {
                run.close();
            }
        }

        @Test
        void smtpAndImapListenOnEveryAddressAndWebAdminOnLoopbackOnlyAndNothingElse() throws Exception {
            int webAdminPort = webAdminPort(data);
            List<InetSocketAddress> listening = listening(run);

            assertThat(listening).hasSize(3).contains(loopback(webAdminPort));
            assertThat(listening).filteredOn(address -> address.getPort() != webAdminPort)
                .allSatisfy(address -> assertThat(address.getAddress().isAnyLocalAddress()).as(address.toString()).isTrue())
                .extracting(InetSocketAddress::getPort).containsExactlyInAnyOrder(smtpPort, imapPort);
        }

        @Test
        void theBannerSaysSoAndDoesNotRepeatThePassword() {
            assertThat(banner).contains("AUTH PLAIN after STARTTLS").contains("LOGIN after STARTTLS")
                .contains("(the password given with --password)").doesNotContain(PASSWORD);
        }

        @Test
        void authIsNotOfferedBeforeStartTls() throws Exception {
            try (Smtp smtp = new Smtp(smtpPort)) {
                String ehlo = smtp.command("EHLO client.example.org");

                assertThat(ehlo).containsPattern("(?m)^250[- ]STARTTLS$").doesNotContain("AUTH");
            }
        }

        @Test
        void authBeforeStartTlsIsRefusedWith538EvenWithTheRightPassword() throws Exception {
            try (Smtp smtp = new Smtp(smtpPort)) {
                smtp.command("EHLO client.example.org");

                assertThat(smtp.command(authPlain(USER, PASSWORD)))
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\n");
                assertThat(smtp.command("MAIL FROM:<" + USER + ">")).startsWith("250");
                assertThat(smtp.command("RCPT TO:<someone@example.org>")).as("not authenticated: no relaying").startsWith("5");
            }
        }

        @Test
        void afterStartTlsAuthIsOfferedAndAccepted() throws Exception {
            try (Smtp smtp = new Smtp(smtpPort)) {
                smtp.command("EHLO client.example.org");
                smtp.startTls(trusting(data.resolve("james/tls/run.test.crt")));

                assertThat(smtp.command("EHLO client.example.org")).contains("AUTH LOGIN PLAIN");
                assertThat(smtp.command(authPlain(USER, PASSWORD))).startsWith("235");
            }
        }

        @Test
        void imapLoginWaitsForStartTls() throws Exception {
            try (Socket plain = new Socket("127.0.0.1", imapPort)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = plain.getOutputStream();
                in.readLine();
                assertThat(imap(out, in, "a LOGIN " + USER + " \"" + PASSWORD + "\"")).startsWith("a NO");
                assertThat(imap(out, in, "b STARTTLS")).startsWith("b OK");

                SSLSocket tls = handshake(trusting(data.resolve("james/tls/run.test.crt")), plain);
                BufferedReader tlsIn = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));

                assertThat(imap(tls.getOutputStream(), tlsIn, "c LOGIN " + USER + " \"" + PASSWORD + "\"")).startsWith("c OK");
            }
        }

        /** The tagged reply line of one command. */
        private String imap(OutputStream out, BufferedReader in, String command) throws IOException {
            String tag = command.substring(0, command.indexOf(' '));
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(tag + " ")) {
                    return line;
                }
            }
            throw new IOException("connection closed during " + command);
        }
    }
}
