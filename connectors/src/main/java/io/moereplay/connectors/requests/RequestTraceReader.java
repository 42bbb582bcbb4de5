package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.TraceFile;

import java.io.IOException;

/**
 * Reads one request-trace file in one format into canonical
 * {@link io.moereplay.model.trace.Request} records. Each data row becomes a request or a reject,
 * never nothing.
 */
public interface RequestTraceReader {

    /**
     * Reads the whole file.
     *
     * @return the requests and rejects in file order, and the number of data rows read
     * @throws io.moereplay.connectors.io.TraceFormatException when the file is missing, empty or
     *     not in this format at all (as opposed to bad rows, which are rejected)
     * @throws IOException when the file cannot be read
     */
    RequestReadResult read(TraceFile file) throws IOException;

    /** The reader for a format. */
    static RequestTraceReader of(RequestFormat format) {
        return switch (format) {
            case AZURE_CSV -> new AzureCsvRequestReader();
            case MOONCAKE_JSONL -> new MooncakeJsonlRequestReader();
            case VIDUR_CSV -> new VidurCsvRequestReader();
            case PARQUET -> new ParquetRequestReader();
        };
    }
}
