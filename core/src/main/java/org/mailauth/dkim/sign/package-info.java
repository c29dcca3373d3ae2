/**
 * DKIM signing (RFC 6376 §5): {@link org.mailauth.dkim.sign.DkimSigner} makes the DKIM-Signature field of a message
 * with one key, {@link org.mailauth.dkim.sign.SigningSettings} says which fields it signs and how.
 */
package org.mailauth.dkim.sign;
