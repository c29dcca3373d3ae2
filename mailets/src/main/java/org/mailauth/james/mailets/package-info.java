/**
 * James mailets over the core engine: {@code DKIMSign}, {@code ARCSeal}, {@code AuthenticationResults}, {@code DMARCReports}.
 */
package org.mailauth.james.mailets;
