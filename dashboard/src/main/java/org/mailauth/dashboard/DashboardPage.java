package org.mailauth.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard page, one self-contained HTML file (its style and script inline, nothing fetched but
 * {@code summary.json} beside it), and the Content-Security-Policy it is served with: only its own inline style and
 * script may run, by their SHA-256 hashes (CSP Level 3 §8.4), no other script nor event-handler attribute, no request but
 * to its origin, no plugin, no form, framed by its own origin only. The page writes data with {@code textContent}; the
 * policy is the second lock, should a report's words ever reach markup.
 */
final class DashboardPage {

    static final String RESOURCE = "dashboard.html";

    private final byte[] html;
    private final String contentSecurityPolicy;

    private DashboardPage(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    static DashboardPage load() {
        byte[] html;
        try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + RESOURCE + " is missing from the class path");
            }
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + RESOURCE, e);
        }
        String text = new String(html, StandardCharsets.UTF_8);
        String policy = "default-src 'none'; script-src " + hash(inline(text, "script")) + "; style-src " + hash(inline(text, "style"))
            + "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
        return new DashboardPage(html, policy);
    }

    byte[] html() {
        return html.clone();
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** The text of the page's one element {@code tag}, exactly as the browser hashes it. */
    static String inline(String page, String tag) {
        String open = "<" + tag + ">";
        String close = "</" + tag + ">";
        int start = page.indexOf(open);
        int end = page.indexOf(close);
        if (start < 0 || end < start || page.indexOf(open, start + 1) >= 0) {
            throw new IllegalStateException("the dashboard page must have exactly one <" + tag + "> element");
        }
        return page.substring(start + open.length(), end);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
