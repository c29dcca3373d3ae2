/**
 * The DMARC report store over JDBC ({@link org.mailauth.report.ReportStore}): one schema and one SQL for the embedded
 * H2 database and PostgreSQL. Outside the engine: core names no database; the pack's Guice module and the CLI choose
 * this store and its connections. See docs/architecture.md (Reports).
 */
package org.mailauth.report.jdbc;
