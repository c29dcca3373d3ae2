/**
 * James matchers over the core engine: {@code SPF}, {@code DKIM}, {@code ARC}, {@code DMARC}, {@code DMARCPolicy}.
 * Each is a thin adapter: it reads the SMTP facts from the Mail, asks the engine once per mail (the verdict
 * is kept as Mail attributes named {@code org.mailauth.*}) and answers with all or none of the recipients.
 */
package org.mailauth.james.matchers;
