package io.moereplay.connectors.requests;

/**
 * One field of one row that cannot be used; readers catch it per row and turn it into a
 * {@link io.moereplay.model.trace.Reject}, so one bad row never stops a file.
 *
 * <p>A checked exception rather than a null-or-message return, so that row parsing reads as a
 * straight sequence of field reads. No stack trace: it is control flow, thrown once per bad row.
 */
final class BadField extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    BadField(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    /** The offending field (column or JSON key), or empty for the row as a whole. */
    String field() {
        return field;
    }

    /** What was wrong, naming the value. */
    String reason() {
        return getMessage();
    }
}
