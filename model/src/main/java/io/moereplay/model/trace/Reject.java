package io.moereplay.model.trace;

/**
 * An input row that did not make it into any output, and why.
 *
 * @param sourceFile the file the row came from
 * @param row 1-based line number for text files; 1-based row for Parquet; 1-based entry number for
 *     nested JSON, whose position {@code field} spells out
 * @param field the offending field, or the position within a nested document
 * @param reason what was wrong, naming the value; raw values are quoted through {@link RejectText#value},
 *     and the whole reason and field are escaped and, past {@value RejectText#MAX_REASON_CHARS}
 *     characters, shortened here
 */
public record Reject(String sourceFile, long row, String field, String reason) {

    public Reject {
        if (sourceFile == null || sourceFile.isEmpty()) {
            throw new IllegalArgumentException("reject without a source file");
        }
        if (row < 0) {
            throw new IllegalArgumentException("reject row " + row + " is negative");
        }
        if (reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("reject without a reason");
        }
        field = field == null ? "" : RejectText.reason(field);
        reason = RejectText.reason(reason);
    }

    @Override
    public String toString() {
        return sourceFile + ":" + row + (field.isEmpty() ? "" : " [" + field + "]") + ": " + reason;
    }
}
