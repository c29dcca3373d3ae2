/**
 * ARC, the Authenticated Received Chain (RFC 8617): the three header fields of an ARC Set ({@link ArcAuthenticationResults},
 * {@link ArcMessageSignature}, {@link ArcSeal}), the chain they form ({@link ArcChain}), its validation
 * ({@link ArcVerifier}, §5.2) and sealing ({@link ArcSealer}, §5.1). Canonicalization, tag lists, keys and signatures are
 * DKIM's (RFC 6376, RFC 8463, RFC 8301).
 */
package org.mailauth.arc;
