/**
 * DMARC reporting: the aggregate report of RFC 9990 (its rows, the policy as published, the metadata) and its
 * XML. No James types.
 */
package org.mailauth.report;
