package org.mailauth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Only records that answer the question are believed (RFC 1035 §7.3; the check dnsjava's own Lookup lacked before
 * 3.6.0, CVE-2024-25638): the reply's ID, QR flag and question must match the query, and a record counts only when its
 * owner is the name asked (or a CNAME target on the chain from it), its type the type asked, its class IN. A rogue
 * server on loopback answers each query with a crafted reply.
 */
class AnswerBelongsToQuestionTest {

    private static final Name QNAME = name("sel._domainkey.example.com.");
    private static final Name EVIL = name("evil.example.net.");
    private static final Name TARGET = name("keys.example.org.");

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private DatagramSocket socket;

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.close();
        }
        executor.shutdownNow();
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Record txt(Name owner, int dclass, String text) {
        return new TXTRecord(owner, dclass, 300, text);
    }

    /** A reply to {@code query} with its ID, QR and its question; {@code craft} adds or changes the rest. */
    private DnsAnswer<String> askRogue(UnaryOperator<Message> craft) throws Exception {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                    Message reply = new Message(query.getHeader().getID());
                    reply.getHeader().setFlag(Flags.QR);
                    reply.addRecord(query.getQuestion(), Section.QUESTION);
                    byte[] out = craft.apply(reply).toWire();
                    socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                } catch (Exception e) {
                    // the socket was closed
                }
            }
        }, "rogue-dns");
        server.setDaemon(true);
        server.start();
        DnsSettings settings = DnsSettings.builder()
            .servers(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort())))
            .timeout(Duration.ofMillis(500)).retries(0).build();
        try (DnsJavaResolver resolver = new DnsJavaResolver(settings, executor)) {
            return resolver.txt("sel._domainkey.example.com").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRecordOfAnotherNameIsNotAnAnswer() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            reply.addRecord(txt(EVIL, DClass.IN, "v=DKIM1; p=EVIL"), Section.ANSWER);
            return reply;
        });

        assertThat(answer.kind()).isEqualTo(DnsAnswer.Kind.NODATA);
    }

    @Test
    void besideTheRealRecordAnOffNameRecordIsIgnored() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            reply.addRecord(txt(QNAME, DClass.IN, "v=DKIM1; p=REAL"), Section.ANSWER);
            reply.addRecord(txt(EVIL, DClass.IN, "v=DKIM1; p=EVIL"), Section.ANSWER);
            return reply;
        });

        assertThat(answer.records()).containsExactly("v=DKIM1; p=REAL");
    }

    @Test
    void onlyTheRecordsOnTheAliasChainCount() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            reply.addRecord(new CNAMERecord(QNAME, DClass.IN, 300, TARGET), Section.ANSWER);
            reply.addRecord(txt(EVIL, DClass.IN, "v=DKIM1; p=EVIL"), Section.ANSWER);
            reply.addRecord(txt(TARGET, DClass.IN, "v=DKIM1; p=VIA-CNAME"), Section.ANSWER);
            return reply;
        });

        assertThat(answer.records()).containsExactly("v=DKIM1; p=VIA-CNAME");
    }

    @Test
    void aRecordOfAnotherClassIsNotAnAnswer() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            reply.addRecord(txt(QNAME, DClass.CH, "v=DKIM1; p=CLASS-CH"), Section.ANSWER);
            return reply;
        });

        assertThat(answer.kind()).isEqualTo(DnsAnswer.Kind.NODATA);
    }

    @Test
    void aReplyToAnotherQuestionIsATemporaryFailure() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            Message other = new Message(reply.getHeader().getID());
            other.getHeader().setFlag(Flags.QR);
            other.addRecord(Record.newRecord(EVIL, Type.TXT, DClass.IN), Section.QUESTION);
            other.addRecord(txt(EVIL, DClass.IN, "v=DKIM1; p=EVIL"), Section.ANSWER);
            return other;
        });

        assertThat(answer.isTemporaryFailure()).isTrue();
    }

    @Test
    void aMessageThatIsNoReplyIsATemporaryFailure() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            reply.getHeader().unsetFlag(Flags.QR);
            reply.addRecord(txt(QNAME, DClass.IN, "v=DKIM1; p=NO-QR"), Section.ANSWER);
            return reply;
        });

        assertThat(answer.isTemporaryFailure()).isTrue();
    }

    @Test
    void aReplyWithAnotherIdIsNeverTaken() throws Exception {
        DnsAnswer<String> answer = askRogue(reply -> {
            reply.getHeader().setID((reply.getHeader().getID() + 1) & 0xffff);
            reply.addRecord(txt(QNAME, DClass.IN, "v=DKIM1; p=WRONG-ID"), Section.ANSWER);
            return reply;
        });

        assertThat(answer.isTemporaryFailure()).isTrue();
    }
}
