/**
 * James mailets over the core engine: {@code DKIMSign}, {@code AuthenticationResults}, {@code DMARCReports}.
 */
package org.mailauth.james.mailets;
