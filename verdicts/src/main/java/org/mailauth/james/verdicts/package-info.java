/**
 * The James glue shared by the matchers, the mailets and the SMTP hooks: what James recorded about how a Mail arrived
 * ({@link org.mailauth.james.verdicts.MailFacts}), which mail is inbound
 * ({@link org.mailauth.james.verdicts.InboundPolicy}), and the authentication of an inbound Mail, computed once by
 * whichever matcher or mailet needs it first and kept as Mail attributes named {@code org.mailauth.*}
 * ({@link org.mailauth.james.verdicts.Verdicts}), so that the SPF, DKIM and DMARC matchers and the
 * AuthenticationResults mailet can be placed in any order and DNS is asked once (docs/architecture.md).
 */
package org.mailauth.james.verdicts;
