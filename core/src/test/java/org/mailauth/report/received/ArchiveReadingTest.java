package org.mailauth.report.received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/**
 * Zip archives as reporters make them (APPNOTE.TXT 4.4.4: an entry name is UTF-8 only when general purpose bit 11 says
 * so, else in a legacy code page): the name of an entry is only a label, so a name in any code page costs nothing; a
 * name that claims UTF-8 and is not refuses the archive with a reason, as any broken zip.
 */
class ArchiveReadingTest {

    private static final String REPORT = "<feedback><report_metadata><org_name>reporter</org_name><report_id>r-1</report_id>"
        + "<date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published>"
        + "<domain>example.com</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip><count>3</count>"
        + "</row></record></feedback>";

    private final ReportFileReader reader = new ReportFileReader(ReadLimits.defaults());

    private static byte[] zip(String entryName, Charset names) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive, names)) {
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(REPORT.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return archive.toByteArray();
    }

    @Test
    void aZipWhoseEntryNameIsInALegacyCodePageIsRead() throws Exception {
        byte[] archive = zip("rapport-d\u00e9cembre.xml", StandardCharsets.ISO_8859_1);

        ReceivedFile file = reader.read(archive);

        assertThat(file.aggregateReports()).singleElement().satisfies(report -> assertThat(report.messages()).isEqualTo(3));
    }

    @Test
    void aZipWhoseEntryNameClaimsUtf8ButIsNotIsRefusedWithAReason() throws Exception {
        byte[] archive = zip("r\u00e9.xml", StandardCharsets.UTF_8);
        int name = indexOf(archive, "r\u00e9".getBytes(StandardCharsets.UTF_8));
        archive[name + 1] = (byte) 0xff;

        assertThatThrownBy(() -> reader.read(archive)).isInstanceOf(ReportReadException.class)
            .hasMessage("the file: a broken zip (an entry name that is not the UTF-8 the archive says it is)");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            boolean found = true;
            for (int j = 0; j < part.length && found; j++) {
                found = bytes[i + j] == part[j];
            }
            if (found) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
