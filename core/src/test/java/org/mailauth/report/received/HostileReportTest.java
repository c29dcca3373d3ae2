package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/**
 * Files made to hurt the reader: external entities (XXE), entity expansion, a gzip that inflates to 1 GB, a zip of
 * 10,000 entries, a 50 MB XML. Each is refused with its reason, before it costs more than {@link ReadLimits} allows.
 */
class HostileReportTest {

    private final ReportFileReader reader = new ReportFileReader(ReadLimits.defaults());

    @Test
    void anExternalEntityIsNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<feedback><report_metadata><org_name>&xxe;</org_name></report_metadata></feedback>";

        assertThatThrownBy(() -> reader.read(xxe.getBytes(StandardCharsets.UTF_8)))
            .hasMessage("the document has a DTD (<!DOCTYPE>): reports never need one, and it is refused");
    }

    @Test
    void entityExpansionIsRefusedBeforeItExpands() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><feedback>&lol9;</feedback>");

        assertThatThrownBy(() -> reader.read(laughs.toString().getBytes(StandardCharsets.UTF_8)))
            .hasMessageContaining("DTD");
    }

    @Test
    void aGzipThatInflatesToAGigabyteStopsAtTheDocumentLimit() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                gzip.write(zeros);
            }
        }

        assertThatThrownBy(() -> reader.read(bomb.toByteArray()))
            .hasMessage("the file (gzip) inflates to more than 16777216 bytes; refused");
    }

    @Test
    void aZipOfTenThousandEntriesIsRefusedAtTheTwentyFirst() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            for (int i = 0; i < 10_000; i++) {
                zip.putNextEntry(new ZipEntry("r" + i + ".xml"));
                zip.write(("<feedback><report_metadata><report_id>" + i + "</report_id><date_range><begin>1</begin><end>2</end>"
                    + "</date_range></report_metadata><policy_published><domain>example.com</domain></policy_published></feedback>")
                    .getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }

        assertThatThrownBy(() -> reader.read(archive.toByteArray())).hasMessageContaining("the zip holds more than 20 entries");
    }

    @Test
    void aFiftyMegabyteXmlIsRefusedUnread() {
        byte[] huge = new byte[50 << 20];
        byte[] start = "<feedback>".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, huge, 0, start.length);

        assertThatThrownBy(() -> reader.read(huge)).hasMessage("the file is 52428800 bytes, more than the 33554432 a report file may have");
    }
}
