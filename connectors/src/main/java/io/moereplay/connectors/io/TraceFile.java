package io.moereplay.connectors.io;

import org.apache.parquet.io.InputFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trace file that readers can open as a byte stream (text formats) or as a Parquet input file,
 * wherever it lives: the local disk in tests, any Flink file system (S3, HDFS) in jobs.
 */
public interface TraceFile {

    /** The name used in error messages and reject rows (the path as the user gave it). */
    String name();

    /** The size in bytes. */
    long length() throws IOException;

    /** Whether the path names a folder rather than a file; false when it names nothing. */
    boolean isFolder() throws IOException;

    /** Opens the file from its start; the caller closes the stream. */
    InputStream open() throws IOException;

    /** The file as Parquet's random-access input. */
    InputFile asParquet() throws IOException;

    /**
     * The file called {@code name} in the same folder, which may not exist, for formats whose
     * engine writes a metadata file beside its data files; empty when this file has no folder.
     */
    default Optional<TraceFile> sibling(String name) {
        return Optional.empty();
    }

    /**
     * The file's path on the local disk, for readers that need a {@link java.util.zip.ZipFile}'s
     * random access; empty when it lives on another file system.
     */
    default Optional<Path> localPath() throws IOException {
        return Optional.empty();
    }
}
