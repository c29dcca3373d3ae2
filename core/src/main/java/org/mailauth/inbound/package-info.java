/**
 * The one entry point of inbound authentication: a message and the SMTP facts of its arrival in, SPF (RFC 7208) and
 * DKIM (RFC 6376) at once, then DMARC (RFC 9989), and one value with every result and the Authentication-Results
 * field (RFC 8601) out. James, the command line and the benchmarks all authenticate mail through it
 * (docs/architecture.md).
 */
package org.mailauth.inbound;
