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
            // parquet-hadoop reports a bad magic number as a RuntimeException.
            throw new TraceFormatException(file.name(),
                    "not a readable Parquet file (" + e.getMessage() + "); expected " + expected, e);
        }
    }
}
