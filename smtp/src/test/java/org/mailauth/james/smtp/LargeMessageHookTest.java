package org.mailauth.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.mailauth.dmarc.DmarcMode;
import org.mailauth.dmarc.DmarcSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.james.verdicts.DmarcReporting;
import org.mailauth.james.verdicts.TestMails;
import org.mailauth.report.DestinationVerification;
import org.mailauth.report.FailureReportLimiter;
import org.mailauth.report.ReportCollector;
import org.mailauth.report.ReportingSettings;
import org.mailauth.results.AuthservId;

/**
 * The hook streams the message as James stores it: a 100 MB message, kept by James in a file, is authenticated and
 * refused at the end of DATA in a JVM of 64 MB of heap.
 */
class LargeMessageHookTest {

    private static final long BODY_SIZE = 100L * 1024 * 1024;

    @Test
    void aHundredMegabyteSpoofIsRefusedIn64MegabytesOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            LargeMessageHookTest.class.getName())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.println(output.lines().filter(line -> line.startsWith("RESULT")).findFirst().orElse(output));
        assertThat(output).as(output).contains("RESULT 550 5.7.1");
        assertThat(process.exitValue()).isZero();
    }

    /** Runs in the child JVM. */
    public static void main(String[] args) throws Exception {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder()
            .txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("_dmarc.example.org", "v=DMARC1; p=reject")
            .build();
        Clock clock = Clock.systemUTC();
        DmarcReporting reporting = new DmarcReporting(new ReportCollector(10), ReportingSettings.builder().build(), DmarcMode.RFC9989,
            clock, new DestinationVerification(dns, DmarcSettings.defaults()), new FailureReportLimiter(1, Duration.ofHours(1), clock),
            FakeMailContext.defaultContext(), AuthservId.of("mx.gateway.test"));
        InputStream message = new SequenceInputStream(new ByteArrayInputStream(
            "From: ceo@example.org\r\nTo: bob@gateway.test\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), new Body(BODY_SIZE));
        MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("big", message);
        MailImpl mail = MailImpl.builder().name("big").sender("ceo@example.org").addRecipient("bob@gateway.test")
            .mimeMessage(new MimeMessageWrapper(source)).build();
        SMTPSession session = (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "getRemoteAddress":
                        return new InetSocketAddress("198.51.100.9", 40000);
                    case "getAttachment":
                        return Optional.of("spoofer.example");
                    case "isRelayingAllowed":
                        return false;
                    default:
                        return null;
                }
            });

        HookResult result = new AuthenticationHook(TestMails.verdicts(dns), reporting).onMessage(session, mail);

        System.out.println("RESULT " + result.getSmtpRetCode() + " " + result.getSmtpDescription() + " (message " + source.getMessageSize()
            + " octets, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)");
        mail.dispose();
    }

    /** Text lines, {@code size} octets in all, made as they are read. */
    private static final class Body extends InputStream {
        private static final byte[] LINE = "The quick brown fox jumps over the lazy dog, twice over.\r\n".getBytes(StandardCharsets.US_ASCII);
        private long remaining;
        private int position;

        Body(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = LINE[position];
                position = (position + 1) % LINE.length;
            }
            remaining -= count;
            return count;
        }

        @Override
        public void close() throws IOException {
        }
    }
}
