/**
 * DKIM (RFC 6376 with RFC 8463, Ed25519, and RFC 8301, algorithm and key size update): what signer and verifier
 * share. Tag lists (§3.2), the DKIM-Signature field (§3.5), key records (§3.6.1), header and body canonicalization
 * (§3.4) as streaming transforms, the body hash and the header data a signature covers (§3.7), and the results of
 * RFC 8601 §2.7.1. The verifier is in {@code dkim.verify}, the signer in {@code dkim.sign}, private keys and
 * OpenDKIM's tables in {@code dkim.keys}.
 */
package org.mailauth.dkim;
