package io.moereplay.connectors.requests;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into trimmed fields. Double-quoted fields may hold commas and doubled
 * quotes (RFC 4180); a field may not span lines, which no request trace needs.
 */
final class CsvLine {

    private CsvLine() {}

    /**
     * The fields of a line.
     *
     * @throws BadField when a quoted field is not closed
     */
    static List<String> split(String line) throws BadField {
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
            throw new BadField("", "unclosed quote in line " + Fields.quote(line));
        }
        fields.add(field.toString().trim());
        return fields;
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
