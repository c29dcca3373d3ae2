package org.mailauth.benchmarks.batch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;

/**
 * Writes the input of the command-line measurements of docs/performance.md into a folder:
 *
 * <ul>
 * <li>{@code messages/}: {@value #MESSAGES} distinct messages of about 4.7 KB from {@value #DOMAIN}, each with one
 *     RSA-2048 relaxed/relaxed DKIM signature;</li>
 * <li>{@code warmup.jsonl} ({@value #WARMUP_ROUNDS} rounds of them) and {@code measured.jsonl}
 *     ({@value #MEASURED_ROUNDS} rounds): {@code mailauth check --batch} lines, all with the same SMTP facts
 *     ({@link #CLIENT_IP}, {@link #HELO}, {@link #MAIL_FROM}), the facts {@code rspamc} is given;</li>
 * <li>{@code uncached/}, {@code uncached-unsigned.jsonl} and {@code uncached-signed.jsonl}: {@value #UNCACHED} lines for as
 *     many different domains that no DNS server publishes ({@code nx0001.example} ...), the messages without a
 *     signature (SPF and DMARC look the domain up) or signed by that domain (its DKIM key is looked up too);</li>
 * <li>{@code zone.txt}: the TXT records to serve (SPF, the DKIM key, DMARC), one {@code name<TAB>text} a line, for
 *     {@link ZoneServer}; every other name does not exist.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.mailauth.benchmarks.batch.BatchWorkload FOLDER}
 */
public final class BatchWorkload {

    static final int MESSAGES = 400;
    static final int WARMUP_ROUNDS = 150;
    static final int MEASURED_ROUNDS = 40;
    static final int UNCACHED = 2000;
    static final String DOMAIN = "example.org";
    static final String SELECTOR = "bench";
    static final String CLIENT_IP = "203.0.113.25";
    static final String HELO = "mail.example.org";
    static final String MAIL_FROM = "bounces@example.org";

    private BatchWorkload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BatchWorkload FOLDER");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder.resolve("messages"));
        Files.createDirectories(folder.resolve("uncached"));
        SigningKey key = SigningKey.rsa(DOMAIN, SELECTOR, rsa2048());
        DkimSigner signer = new DkimSigner(key, SigningSettings.defaults());

        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= MESSAGES; n++) {
            Path file = folder.resolve("messages").resolve(String.format(Locale.ROOT, "m%03d.eml", n));
            write(file, signed(signer, message("alice@" + DOMAIN, n)));
            lines.add(file.toAbsolutePath().toString());
        }
        writeRounds(folder.resolve("warmup.jsonl"), "w", lines, WARMUP_ROUNDS);
        writeRounds(folder.resolve("measured.jsonl"), "m", lines, MEASURED_ROUNDS);

        PrivateKey unpublishedKey = rsa2048();
        try (Writer unsigned = Files.newBufferedWriter(folder.resolve("uncached-unsigned.jsonl"));
             Writer signed = Files.newBufferedWriter(folder.resolve("uncached-signed.jsonl"))) {
            for (int n = 1; n <= UNCACHED; n++) {
                String domain = String.format(Locale.ROOT, "nx%04d.example", n);
                String message = message("alice@" + domain, n);
                Path plain = folder.resolve("uncached").resolve(domain + ".eml");
                Path signedFile = folder.resolve("uncached").resolve(domain + ".signed.eml");
                write(plain, message);
                SigningKey domainKey = SigningKey.rsa(domain, SELECTOR, unpublishedKey);
                write(signedFile, signed(new DkimSigner(domainKey, SigningSettings.defaults()), message));
                unsigned.write(line("u" + n, plain, "192.0.2.1", "mail." + domain, "bounces@" + domain));
                signed.write(line("s" + n, signedFile, "192.0.2.1", "mail." + domain, "bounces@" + domain));
            }
        }

        try (Writer zone = Files.newBufferedWriter(folder.resolve("zone.txt"))) {
            zone.write(DOMAIN + "\tv=spf1 ip4:198.51.100.0/24 ip4:192.0.2.0/24 include:_spf.example.net ~all\n");
            zone.write("_spf.example.net\tv=spf1 ip4:203.0.113.0/24 -all\n");
            zone.write(SELECTOR + "._domainkey." + DOMAIN + "\t" + key.publicKeyRecord() + "\n");
            zone.write("_dmarc." + DOMAIN + "\tv=DMARC1; p=reject; rua=mailto:dmarc-reports@" + DOMAIN + "\n");
        }
        System.out.println("wrote " + MESSAGES + " messages, " + MESSAGES * (WARMUP_ROUNDS + MEASURED_ROUNDS) + " check lines and "
            + UNCACHED + " uncached lines to " + folder);
    }

    private static PrivateKey rsa2048() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }

    /** A plain-text newsletter of about 4.3 KB (4.7 KB once signed), different in its Subject, Message-ID and first line. */
    static String message(String author, int n) {
        StringBuilder body = new StringBuilder(4400);
        body.append("Issue ").append(n).append(" of our weekly letter.\r\n\r\n");
        String[] words = {"The", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog.", "Then", "it", "rests."};
        int line = 0;
        for (int i = n % words.length; body.length() < 3950; i++) {
            String word = words[i % words.length];
            body.append(word).append(word.endsWith(".") && i % 3 == 0 ? "  " : " ");
            line += word.length() + 1;
            if (line > 68) {
                body.append("\r\n");
                line = 0;
            }
        }
        body.append("\r\n");
        String domain = author.substring(author.indexOf('@') + 1);
        return "From: Weekly Letter <" + author + ">\r\n"
            + "To: Bob <bob@example.com>\r\n"
            + "Subject: Weekly letter, issue " + n + "\r\n"
            + "Date: Sun, 29 Nov 2026 12:00:00 +0000\r\n"
            + "Message-ID: <letter-" + n + "@" + domain + ">\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n" + body;
    }

    private static String signed(DkimSigner signer, String message) throws IOException {
        return signer.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))) + "\r\n" + message;
    }

    private static void write(Path file, String content) throws IOException {
        Files.write(file, content.getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeRounds(Path file, String idPrefix, List<String> messages, int rounds) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            int id = 0;
            for (int round = 0; round < rounds; round++) {
                for (String message : messages) {
                    out.write(line(idPrefix + ++id, Path.of(message), CLIENT_IP, HELO, MAIL_FROM));
                }
            }
        }
    }

    private static String line(String id, Path file, String ip, String helo, String mailFrom) {
        return "{\"id\":\"" + id + "\",\"file\":\"" + file.toAbsolutePath() + "\",\"ip\":\"" + ip + "\",\"helo\":\"" + helo
            + "\",\"mail_from\":\"" + mailFrom + "\"}\n";
    }
}
