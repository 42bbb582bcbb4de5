package io.moereplay.connectors.io;

/**
 * A trace file that cannot be read at all: missing, empty, or not in the expected format. Bad
 * rows inside a readable file are rejected row by row instead.
 */
public class TraceFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TraceFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public TraceFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
