package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.mailauth.message.MimeEntity;
import org.mailauth.testkit.fuzz.Mutator;

/**
 * Hostile received reports (issue 18): real receivers' reports and report e-mails, mutated, as XML, inside gzip, zip
 * and e-mails, and the archives and e-mails themselves mutated byte by byte. Every input ends in what it holds or a
 * {@link ReportReadException} whose message is one non-empty line without an exception's class name; never another
 * exception, and never a hang (the whole run is bounded). MIME parsing and failure report recognition never throw.
 * Seeded and bounded; the number of inputs tried is printed.
 */
class ReceivedReportHostileInputTest {

    private static final Duration BUDGET = Mutator.budget();
    private static final long MAX = Mutator.limit(50_000);
    /** Generous: a hang, not a slow input, is what it catches. */
    private static final Duration HANG_GUARD = BUDGET.plusMinutes(2);

    private final ReportFileReader files = new ReportFileReader(ReadLimits.defaults());
    private final AggregateReportReader xml = new AggregateReportReader(ReadLimits.defaults());

    private static void report(String parser, long tried) {
        System.out.println("fuzz " + parser + ": " + tried + " inputs");
        assertThat(tried).isPositive();
    }

    private static long campaign(Mutator mutator, long max, Consumer<String> parser) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> mutator.run(BUDGET, max, parser));
    }

    /** The property: read, or refused with a reason a log line and a mail repository can carry. */
    private static void readOrRefused(String input, ReportReading reading) {
        try {
            assertThat(reading.read()).isNotNull();
        } catch (ReportReadException e) {
            assertThat(e.getMessage()).as("the reason for %s", shown(input)).isNotBlank().doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("Exception");
        } catch (RuntimeException | IOException e) {
            throw new AssertionError("input " + shown(input) + " threw " + e, e);
        }
    }

    @FunctionalInterface
    private interface ReportReading {
        Object read() throws ReportReadException, IOException;
    }

    private static String shown(String input) {
        String escaped = input.chars().mapToObj(c -> c >= 32 && c < 127 && c != '\\' ? String.valueOf((char) c) : String.format("\\u%04x", c))
            .collect(Collectors.joining());
        return '"' + (escaped.length() > 4000 ? escaped.substring(0, 4000) + "…(" + input.length() + " chars)" : escaped) + '"';
    }

    /**
     * The text as bytes: as UTF-8 (the mutator's non-ASCII pieces then well-formed) or byte for byte as ISO-8859-1 (the
     * seeds' own bytes exact, a lone 0xE9 not UTF-8), half of the time each.
     */
    private static byte[] encoded(String text, Random random) {
        return text.getBytes(random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    @Test
    void aggregateReportXmlEndsInAReportOrAReason() {
        Mutator mutator = new Mutator(Mutator.seed(9990), xmlSeeds());
        Random encoding = new Random(Mutator.seed(9990));
        report("AggregateReportReader.read", campaign(mutator, MAX, text -> {
            byte[] document = encoded(text, encoding);
            readOrRefused(text, () -> xml.read(document));
        }));
    }

    @Test
    void mutatedReportsInEveryWrappingEndInAReportOrAReason() {
        Mutator mutator = new Mutator(Mutator.seed(7489), xmlSeeds());
        Random random = new Random(Mutator.seed(7489));
        report("ReportFileReader.read (mutated XML as XML, gzip, zip, e-mail)", campaign(mutator, MAX, text -> {
            byte[] file = wrapped(encoded(text, random), random.nextInt(5));
            readOrRefused(text, () -> files.read(file));
        }));
    }

    @Test
    void mutatedArchivesEndInAReportOrAReason() {
        List<String> archives = new ArrayList<>();
        for (String seed : xmlSeeds()) {
            byte[] document = seed.getBytes(StandardCharsets.UTF_8);
            archives.add(latin1(gzip(document)));
            archives.add(latin1(zip(document, document)));
        }
        Mutator mutator = new Mutator(Mutator.seed(1952), archives);
        report("ReportFileReader.read (gzip and zip, bytes mutated)", campaign(mutator, MAX, text ->
            readOrRefused(text, () -> files.read(text.getBytes(StandardCharsets.ISO_8859_1)))));
    }

    @Test
    void mutatedReportEmailsEndInTheirReportsOrAReason() {
        Mutator mutator = new Mutator(Mutator.seed(6591), emailSeeds());
        Random encoding = new Random(Mutator.seed(6591));
        report("ReportFileReader.read (aggregate and failure report e-mails)", campaign(mutator, MAX, text -> {
            byte[] email = encoded(text, encoding);
            readOrRefused(text, () -> files.read(email));
        }));
    }

    @Test
    void mimeParsingAndFailureReportRecognitionNeverThrow() {
        FailureReportReader failure = new FailureReportReader();
        Mutator mutator = new Mutator(Mutator.seed(5965), emailSeeds());
        Random encoding = new Random(Mutator.seed(5965));
        report("MimeEntity.parse and FailureReportReader.read", campaign(mutator, MAX, text -> {
            try {
                MimeEntity message = MimeEntity.parse(encoded(text, encoding));
                for (MimeEntity part : message.all()) {
                    assertThat(part.body()).isNotNull();
                    part.fileName();
                }
                assertThat(failure.read(message)).isNotNull();
            } catch (RuntimeException e) {
                throw new AssertionError("input " + shown(text) + " threw " + e, e);
            }
        }));
    }

    /** The document as it may arrive: as it is, gzip, zip, or in an e-mail as gzip or as XML. */
    private static byte[] wrapped(byte[] document, int how) {
        switch (how) {
            case 0:
                return document;
            case 1:
                return gzip(document);
            case 2:
                return zip(document);
            case 3:
                return email("application/octet-stream; name=\"r.xml.gz\"", gzip(document));
            default:
                return email("text/xml", document);
        }
    }

    private static byte[] email(String type, byte[] attachment) {
        return ("From: noreply@reporter.example\r\nTo: dmarc@example.com\r\nSubject: Report Domain: example.com\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nA report.\r\n--b\r\n"
            + "Content-Type: " + type + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(attachment)
            + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zip(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i++) {
                zip.putNextEntry(new ZipEntry("report-" + i + ".xml"));
                zip.write(entries[i]);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Bytes as characters 0-255, so the mutator's edits are byte edits; characters above 255 become '?'. */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Every real aggregate report of the test data: Google, Microsoft, Yahoo, Mail.Ru, the RFC samples, the broken ones. */
    static List<String> xmlSeeds() {
        return seeds("mail-auth-aggregate", "dmarc-report-viewer", "dmarcbis", "parsedmarc").stream()
            .filter(file -> file.getFileName().toString().endsWith(".xml")).map(ReceivedReportHostileInputTest::latin1Text)
            .collect(Collectors.toList());
    }

    /** Every real report e-mail: aggregate reports in zip and gzip, failure reports (ARF). */
    static List<String> emailSeeds() {
        return seeds("mail-auth-aggregate", "mail-auth-failure", "parsedmarc").stream()
            .filter(file -> file.getFileName().toString().endsWith(".eml")).map(ReceivedReportHostileInputTest::latin1Text)
            .collect(Collectors.toList());
    }

    /** Read as ISO-8859-1 so that bytes that are not UTF-8 (a report that lies about its encoding) stay what they were. */
    private static String latin1Text(Path file) {
        try {
            return latin1(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> seeds(String... folders) {
        List<Path> seeds = new ArrayList<>();
        for (String folder : folders) {
            try (Stream<Path> files = Files.list(Path.of(ReceivedReportHostileInputTest.class.getResource("/report/received/" + folder).toURI()))) {
                files.sorted().forEach(seeds::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(seeds).isNotEmpty();
        return seeds;
    }
}
