/**
 * DKIM verification (RFC 6376 §6): {@link org.mailauth.dkim.verify.DkimVerifier} checks every signature of a message
 * in one pass over its body, with the key lookups of all signatures under way once the header section has arrived;
 * {@link org.mailauth.dkim.verify.DkimSettings} is its local policy (key sizes of RFC 8301 §3.2, clock skew, l=).
 */
package org.mailauth.dkim.verify;
