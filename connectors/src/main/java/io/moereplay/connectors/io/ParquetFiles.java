package io.moereplay.connectors.io;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;

import java.io.IOException;

/** Opening trace files as Parquet, with one clear error when a file is not Parquet at all. */
public final class ParquetFiles {

    private ParquetFiles() {}

    /**
     * Opens a Parquet file for reading row groups.
     *
     * @param expected what the caller expected the file to hold, for the error message
     * @throws TraceFormatException naming the file when it is not readable Parquet
     */
    public static ParquetFileReader open(TraceFile file, String expected) throws IOException {
        return open(file, expected, ParquetReadOptions.builder().build());
    }

    /** As {@link #open(TraceFile, String)}, with the caller's read options (codecs, filters). */
    public static ParquetFileReader open(TraceFile file, String expected, ParquetReadOptions options)
            throws IOException {
        try {
            return new ParquetFileReader(file.asParquet(), options);
        } catch (IOException | RuntimeException e) {
            // parquet-hadoop reports a bad magic number as a RuntimeException, naming its input object.
            throw new TraceFormatException(file.name(), problem(e) + "; expected " + expected, e);
        }
    }

    /** What parquet-hadoop found, in words: its messages name its input object (ParquetInputFile@1a2b3c). */
    private static String problem(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("magic number") || message.contains("is not a Parquet file")) {
            return "not a Parquet file, or one cut short (no Parquet footer at its end)";
        }
        // Anything else wrong with the footer of a file that ends in the magic number: most often a cut copy.
        return "a Parquet file cut short or corrupt (its footer cannot be read: "
                + message.replaceAll("\\S+@\\p{XDigit}{5,}", "the file") + ")";
    }
}
