/**
 * DMARC reporting: the aggregate report of RFC 9990 (its rows, the policy as published, the metadata) and its XML,
 * what a report store must do ({@link org.mailauth.report.ReportStore}; the JDBC one is module report-jdbc's), the
 * sending of aggregate reports ({@link org.mailauth.report.AggregateReportSender}) and of failure reports
 * ({@link org.mailauth.report.FailureReportSender}, RFC 9991), each through a transport the mail system provides.
 * No James types, no database.
 */
package org.mailauth.report;
