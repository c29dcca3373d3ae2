/**
 * DNS for email authentication: {@link org.mailauth.dns.DnsResolver} and its answers, which keep records,
 * NXDOMAIN, NODATA and temporary failure apart; the network resolver over dnsjava, a TTL cache with RFC 2308
 * negative caching, and an in-memory resolver for tests and offline tools.
 */
package org.mailauth.dns;
