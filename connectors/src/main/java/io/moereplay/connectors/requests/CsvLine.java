package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.CsvFields;

import java.util.List;

/** CSV lines of request traces: {@link CsvFields}, with an unclosed quote reported as a bad field. */
final class CsvLine {

    private CsvLine() {}

    /**
     * The fields of a line.
     *
     * @throws BadField when a quoted field is not closed
     */
    static List<String> split(String line) throws BadField {
        try {
            return CsvFields.split(line);
        } catch (CsvFields.UnclosedQuoteException e) {
            throw new BadField("", "unclosed quote in line " + Fields.quote(line));
        }
    }

    /** The fields of a header line; a header that cannot be split has no usable columns. */
    static List<String> header(String line) {
        try {
            return split(line);
        } catch (BadField e) {
            return List.of(line);
        }
    }
}
