package org.mailauth.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recipients a delivery status notification says failed for good (RFC 3464 §2.3: per-recipient fields with
 * {@code Action: failed} and a 5.x.x {@code Status}), read from the text of its {@code message/delivery-status}
 * part. Used to stop sending reports to destinations that bounce them.
 */
public final class DeliveryStatus {

    private DeliveryStatus() {
    }

    /** The addresses of {@code Final-Recipient} (or {@code Original-Recipient}) fields of permanently failed recipients. */
    public static List<String> permanentlyFailed(String deliveryStatus) {
        List<String> failed = new ArrayList<>();
        for (String block : deliveryStatus.replace("\r\n", "\n").split("\n\\s*\n")) {
            String recipient = null;
            String action = "";
            String status = "";
            for (String line : block.replaceAll("\n[ \t]+", " ").split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("final-recipient") || name.equals("original-recipient") && recipient == null) {
                    int semicolon = value.indexOf(';');
                    recipient = (semicolon >= 0 ? value.substring(semicolon + 1) : value).trim();
                } else if (name.equals("action")) {
                    action = value.toLowerCase(Locale.ROOT);
                } else if (name.equals("status")) {
                    status = value;
                }
            }
            if (recipient != null && action.startsWith("failed") && status.startsWith("5")) {
                failed.add(recipient.replaceAll("^<|>$", ""));
            }
        }
        return failed;
    }
}
