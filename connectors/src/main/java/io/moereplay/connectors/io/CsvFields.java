package io.moereplay.connectors.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into trimmed fields. Double-quoted fields may hold commas and doubled
 * quotes (RFC 4180); a field may not span lines, which no trace or profile needs.
 */
public final class CsvFields {

    /** A quoted field that the line does not close. */
    public static final class UnclosedQuoteException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnclosedQuoteException(String message) {
            super(message);
        }
    }

    private CsvFields() {}

    /**
     * The fields of a line.
     *
     * @throws UnclosedQuoteException when a quoted field is not closed
     */
    public static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new UnclosedQuoteException("unclosed quote in line \"" + line + "\"");
        }
        fields.add(field.toString().trim());
        return fields;
    }
}
