package io.moereplay.connectors.io;


import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Whole-file checks shared by format detection and every reader. */
public final class TraceFiles {

    private TraceFiles() {}

    /**
     * Checks that the file exists and is not empty.
     *
     * @param expected what the file should hold, for the message (such as "an Azure CSV trace")
     * @throws TraceFormatException naming the file when it is missing or empty
     */
    public static void requireNonEmpty(TraceFile file, String expected) throws IOException {
        long length;
        try {
            length = file.length();
        } catch (FileNotFoundException | NoSuchFileException e) {
            // Local files and Flink file systems report a missing path with different exceptions.
            throw new TraceFormatException(file.name(), "no such file; expected " + expected, e);
        }
        if (length == 0) {
            throw new TraceFormatException(file.name(), "file is empty; expected " + expected);
        }
    }

    /** The file name's extension, lower case, without the dot; empty when it has none. */
    public static String extension(TraceFile file) {
        String name = file.name();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }
}
