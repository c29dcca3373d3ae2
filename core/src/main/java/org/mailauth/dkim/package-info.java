/**
 * DKIM, RFC 6376 with RFC 8463 (Ed25519) and RFC 8301 (algorithm and key size update): tag-lists,
 * signatures and key records, simple and relaxed canonicalization as streaming transforms, and the
 * verifier that checks every signature of a message in one pass over its body.
 */
package org.mailauth.dkim;
