package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;

/** Reads one routing trace file in one format, pushing every row to a {@link RoutingVisitor}. */
public interface RoutingTraceReader {

    /**
     * Reads the whole file.
     *
     * @return the number of rows read, each of which reached the visitor once
     * @throws io.moereplay.connectors.io.TraceFormatException when the file is missing, empty or
     *     not in this format at all (as opposed to bad rows, which are rejected)
     */
    long read(TraceFile file, RoutingVisitor visitor) throws IOException;

    /** The layers and experts the file declares about itself, if its format carries them. */
    Optional<TraceShape> declaredShape(TraceFile file) throws IOException;

    /** The reader for a format. */
    static RoutingTraceReader of(RoutingFormat format) {
        return switch (format) {
            case TOKEN_JSONL -> new TokenJsonlRoutingReader();
            case CAPTURE_JSON -> new CaptureJsonRoutingReader();
            case LOAD_COUNTS_JSON -> new LoadCountsJsonRoutingReader();
            case PARQUET -> new ParquetRoutingReader();
            case EXPERT_LOAD -> new ExpertLoadParquetRoutingReader();
        };
    }
}
