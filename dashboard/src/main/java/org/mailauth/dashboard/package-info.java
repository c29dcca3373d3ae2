/**
 * The DMARC dashboard of the reports other receivers send us (RFC 9990 aggregate reports, RFC 9991 failure reports):
 * {@link org.mailauth.dashboard.SummaryJson} turns the store's summary into JSON, the page {@code dashboard.html}
 * renders it in the browser, {@link org.mailauth.dashboard.DashboardHandler} answers both over HTTP for James's WebAdmin
 * and for {@code mailauth report serve} ({@link org.mailauth.dashboard.DashboardServer}). No web framework, no JSON
 * library: it runs inside James with what James ships.
 */
package org.mailauth.dashboard;
