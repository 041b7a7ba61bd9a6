package io.patchcast.notify;

import java.net.ConnectException;
import java.util.Locale;

import io.vertx.ext.mail.SMTPException;

/** How one send attempt ended, and whether trying again could help. */
record SendOutcome(Kind kind, String detail) {

    enum Kind {
        SENT, TEMPORARY, PERMANENT
    }

    static final SendOutcome SENT = new SendOutcome(Kind.SENT, null);

    /**
     * Classifies a failure: a 5xx reply about the message or its recipient is permanent (the server will refuse it
     * again); 4xx replies, refused or dropped connections and timeouts are temporary. Authentication replies (53x)
     * are treated as temporary although they are 5xx: they are about our configuration, not the recipient, and
     * become deliverable once an operator fixes the credentials.
     */
    static SendOutcome of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                int code = smtp.getReplyCode();
                String reply = oneLine(smtp.getReplyMessage());
                String text = "SMTP " + (reply.startsWith(String.valueOf(code)) ? reply : code + " " + reply);
                boolean auth = code == 530 || code == 534 || code == 535 || code == 538;
                return new SendOutcome(smtp.isPermanent() && !auth ? Kind.PERMANENT : Kind.TEMPORARY, text);
            }
            if (t instanceof ConnectException) {
                return new SendOutcome(Kind.TEMPORARY, "connection refused: " + oneLine(t.getMessage()));
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new SendOutcome(Kind.TEMPORARY, oneLine(message));
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 900 ? flat.substring(0, 900) : flat;
    }

    boolean isPermanent() {
        return kind == Kind.PERMANENT;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (detail == null ? "" : ": " + detail);
    }
}
