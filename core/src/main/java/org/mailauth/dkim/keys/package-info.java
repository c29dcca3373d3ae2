/**
 * DKIM keys as admins keep them: private key files (PEM PKCS#1 and PKCS#8, Ed25519 seeds) read and re-read when they
 * change, new keys and the zone-file line that publishes them (RFC 6376 §3.6.1, RFC 8463 §4), the check of a published
 * key record against its private key, and OpenDKIM's KeyTable and SigningTable, which choose the keys for an author.
 */
package org.mailauth.dkim.keys;
