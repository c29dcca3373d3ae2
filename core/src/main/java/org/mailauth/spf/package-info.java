/**
 * Sender Policy Framework, RFC 7208: record parsing ({@link org.mailauth.spf.SpfRecord}), macro expansion
 * (§7), the check_host() function with the processing limits of §4.6.4 ({@link org.mailauth.spf.SpfVerifier}),
 * and the {@code Received-SPF} field (§9.1).
 */
package org.mailauth.spf;
