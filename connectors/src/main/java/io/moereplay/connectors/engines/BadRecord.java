package io.moereplay.connectors.engines;

/**
 * Why one record (a JSONL line, an API response) of an engine's file cannot be used; the reason
 * names the value, {@code field} where it is. {@code notThisFormat} marks problems that, on a
 * file's first line, mean the file is not in the format at all (or lacks what the user must add),
 * so the whole file is refused rather than rejected line by line.
 */
final class BadRecord extends Exception {

    private static final long serialVersionUID = 1L;

    final String field;
    final boolean notThisFormat;

    BadRecord(String field, String reason) {
        this(field, reason, false);
    }

    BadRecord(String field, String reason, boolean notThisFormat) {
        super(reason, null, false, false);
        this.field = field;
        this.notThisFormat = notThisFormat;
    }
}
