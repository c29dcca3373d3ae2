/**
 * Internet messages as RFC 5322 defines them: the header section and its fields (§2.2), read once as a message
 * streams by, and the author of a message, the mailboxes of its From field (§3.6.2).
 */
package org.mailauth.message;
