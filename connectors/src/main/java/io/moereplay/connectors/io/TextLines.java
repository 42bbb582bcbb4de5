package io.moereplay.connectors.io;


import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 text file read line by line with 1-based line numbers; LF and CRLF endings both work
 * (the Azure traces use CRLF) and a leading byte-order mark is dropped.
 *
 * <p>Blank lines: a blank line between data lines is a row and is rejected ("blank line"), since
 * it may be a truncated record; blank lines at the very end are not rows (editors and
 * {@code echo >>} leave them).
 */
public final class TextLines implements Closeable {

    /** Handles one non-blank data line. */
    @FunctionalInterface
    public interface LineHandler {
        void line(long lineNumber, String text);
    }

    private final BufferedReader reader;
    private long lineNumber;

    private TextLines(BufferedReader reader) {
        this.reader = reader;
    }

    public static TextLines open(TraceFile file) throws IOException {
        return new TextLines(
                new BufferedReader(new InputStreamReader(file.open(), StandardCharsets.UTF_8)));
    }

    /** The next line without its ending, or null at the end of the file. */
    public String next() throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        return line;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * Passes every remaining non-blank line to {@code handler}, and each interior blank line's
     * number to {@code blankLine}.
     */
    public void forEachDataLine(LineHandler blankLine, LineHandler handler) throws IOException {
        long firstPendingBlank = 0;
        for (String line = next(); line != null; line = next()) {
            if (line.isBlank()) {
                firstPendingBlank = firstPendingBlank == 0 ? lineNumber : firstPendingBlank;
                continue;
            }
            // Blank lines are rejected only once a data line follows them, so trailing ones drop.
            for (long blank = firstPendingBlank; blank > 0 && blank < lineNumber; blank++) {
                blankLine.line(blank, "");
            }
            firstPendingBlank = 0;
            handler.line(lineNumber, line);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
