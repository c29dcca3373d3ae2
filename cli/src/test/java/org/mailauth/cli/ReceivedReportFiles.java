package org.mailauth.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Real receivers' report files (core's test resources, copied by the build) and reports written for a test. */
final class ReceivedReportFiles {

    private ReceivedReportFiles() {
    }

    /** {@code name} under core's report/received folder. */
    static Path real(String name) {
        try {
            return Path.of(ReceivedReportFiles.class.getResource("/report/received/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An aggregate report from {@code org} about {@code domain}: one record per source as "ip,count,dkim,spf". */
    static String report(String org, String id, String domain, long begin, String... rows) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><feedback><report_metadata><org_name>" + org + "</org_name><email>dmarc@"
            + org + "</email><report_id>" + id + "</report_id><date_range><begin>" + begin + "</begin><end>" + (begin + 86399)
            + "</end></date_range></report_metadata><policy_published><domain>" + domain + "</domain><p>none</p></policy_published>");
        for (String row : rows) {
            String[] field = row.split(",");
            xml.append("<record><row><source_ip>").append(field[0]).append("</source_ip><count>").append(field[1])
                .append("</count><policy_evaluated><disposition>none</disposition><dkim>").append(field[2]).append("</dkim><spf>")
                .append(field[3]).append("</spf></policy_evaluated></row><identifiers><header_from>").append(domain)
                .append("</header_from></identifiers><auth_results><spf><domain>").append(domain)
                .append("</domain><result>pass</result></spf></auth_results></record>");
        }
        return xml.append("</feedback>").toString();
    }
}
