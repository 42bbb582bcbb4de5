package io.moereplay.connectors.profiles;

import io.moereplay.connectors.io.CsvFields;
import io.moereplay.connectors.io.TraceFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A measured kernel or link profile: a small CSV with a header (Vidur's profiling outputs, the
 * project's own GPU measurements in {@code bench/gpu/}); fields may be quoted (RFC 4180). A bad
 * number fails naming the file, line and column.
 */
public final class ProfileTable {

    private final String file;
    private final Map<String, Integer> columns;
    private final List<String[]> rows;
    private final List<Integer> lines;

    private ProfileTable(String file, Map<String, Integer> columns, List<String[]> rows, List<Integer> lines) {
        this.file = file;
        this.columns = columns;
        this.rows = rows;
        this.lines = lines;
    }

    public static ProfileTable read(Path path) throws IOException {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new TraceFormatException(file, "no such profile file");
        }
        List<String> text = Files.readAllLines(path);
        if (text.isEmpty()) {
            throw new TraceFormatException(file, "file is empty; expected a CSV profile with a header");
        }
        String[] header = fields(file, 1, text.get(0));
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i].trim(), i);
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 1; i < text.size(); i++) {
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = fields(file, i + 1, line);
            if (fields.length != header.length) {
                throw new TraceFormatException(file, "line " + (i + 1) + " has " + fields.length + " fields, the header "
                        + header.length);
            }
            rows.add(fields);
            lines.add(i + 1);
        }
        return new ProfileTable(file, columns, rows, lines);
    }

    private static String[] fields(String file, int line, String text) {
        try {
            return CsvFields.split(text).toArray(String[]::new);
        } catch (CsvFields.UnclosedQuoteException e) {
            throw new TraceFormatException(file, "line " + line + ": " + e.getMessage());
        }
    }

    public String file() {
        return file;
    }

    public int size() {
        return rows.size();
    }

    /** The rows whose {@code column} satisfies {@code keep}. */
    public ProfileTable where(String column, Predicate<String> keep) {
        int at = index(column);
        List<String[]> kept = new ArrayList<>();
        List<Integer> keptLines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (keep.test(rows.get(i)[at].trim())) {
                kept.add(rows.get(i));
                keptLines.add(lines.get(i));
            }
        }
        return new ProfileTable(file, columns, kept, keptLines);
    }

    /** A numeric column, row by row. */
    public double[] numbers(String column) {
        int at = index(column);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            String value = rows.get(i)[at].trim();
            try {
                out[i] = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TraceFormatException(file, "line " + lines.get(i) + ", column " + column + ": '" + value
                        + "' is not a number");
            }
        }
        return out;
    }

    /** A text column, row by row. */
    public List<String> texts(String column) {
        int at = index(column);
        return rows.stream().map(r -> r[at].trim()).toList();
    }

    private int index(String column) {
        Integer at = columns.get(column);
        if (at == null) {
            throw new TraceFormatException(file, "has no column " + column + "; columns: " + columns.keySet());
        }
        return at;
    }
}
