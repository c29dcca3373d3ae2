/**
 * The reports other receivers send us (the domain owner's side of RFC 9990, RFC 9991 and RFC 6591): read from the
 * files and e-mails they arrive as ({@link ReportFileReader}: XML, gzip, zip, MIME), the aggregate XML read leniently
 * but with every count exact ({@link AggregateReportReader}), failure reports recognised ({@link FailureReportReader}),
 * all within {@link ReadLimits}: no DTD, no entity, bounded decompression, bounded sizes and counts.
 */
package org.mailauth.report.received;
