/**
 * The verdicts of the pack's checks on one Mail, computed once by whichever matcher or mailet needs them
 * first and kept as Mail attributes named {@code org.mailauth.*} (DESIGN.md §3), so that the SPF, DKIM and
 * DMARC matchers and the AuthenticationResults mailet can be placed in any order and DNS is asked once.
 */
package org.mailauth.james.verdicts;
