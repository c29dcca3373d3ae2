package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Memory bounded (issue 18): each hostile file is made and read in a JVM of its own with a 128 MB heap, the default
 * {@link ReadLimits} and an OutOfMemoryError ending that JVM: a gzip inflating to 1 GB, a zip of 10,000 entries, a
 * 50 MB XML given as a stream, entity expansion; e-mails as large as a report file may be (eight nested multiparts, one
 * header field, a quoted-printable XML, a feedback report of one field); the most records that fit in a document,
 * and in a file. Each is refused with its reason, or read, never out of memory.
 */
class SmallHeapReadingTest {

    private static final String HEAP = "-Xmx128m";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "gzip-bomb | refused: the file (gzip) inflates to more than 16777216 bytes; refused",
        "zip-of-10000-entries | refused: the file: the zip holds more than 20 entries",
        "xml-of-50-mb-as-a-stream | refused: the file is more than the 33554432 bytes a report file may have",
        "entity-expansion | refused: the document has a DTD (<!DOCTYPE>): reports never need one, and it is refused",
        "e-mail-of-nested-multiparts | refused: the e-mail carries no report (its parts: application/octet-stream)",
        "xml-of-the-most-records | read: 1 aggregate, 0 failure reports",
        "zip-of-two-documents-of-the-most-records | read: 2 aggregate, 0 failure reports",
        "e-mail-of-one-header-field | refused: the e-mail carries no report (its parts: text/plain)",
        "e-mail-of-quoted-printable-xml | refused: the text/xml part: the XML is 31457177 bytes, more than the 16777216 a report may have",
        "failure-report-of-one-field | read: 0 aggregate, 1 failure reports",
    })
    void eachHostileFileEndsInItsReasonWithinASmallHeap(String hostile, String outcome) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), HEAP, "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SmallHeapReading.class.getName(), hostile)
            .redirectErrorStream(true).start();
        String output = read(child);

        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
        assertThat(output).as("exit %s", child.exitValue()).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(List.of(output.strip().split("\\R"))).as(output).last().isEqualTo(outcome);
    }

    private static String read(Process child) throws IOException {
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
