/**
 * The {@code Authentication-Results} header field (RFC 8601): the result of each authentication method as
 * the engine reports it, written for the header, and the authserv-id that lets a receiving domain trust only
 * its own header fields.
 */
package org.mailauth.results;
