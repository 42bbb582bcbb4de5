package io.moereplay.connectors.engines;

/**
 * Why one response line cannot be read at all. {@code notThisFormat} marks problems that, on a
 * file's first line, mean the file is not routed-experts JSONL (or lacks what the user must add),
 * so the whole file is refused rather than rejected line by line.
 */
final class BadResponse extends Exception {

    private static final long serialVersionUID = 1L;

    final String field;
    final boolean notThisFormat;

    BadResponse(String field, String reason) {
        this(field, reason, false);
    }

    BadResponse(String field, String reason, boolean notThisFormat) {
        super(reason, null, false, false);
        this.field = field;
        this.notThisFormat = notThisFormat;
    }
}
