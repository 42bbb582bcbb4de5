package io.moereplay.connectors.routing;

import io.moereplay.connectors.engines.MegatronRouterTraceReader;
import io.moereplay.connectors.engines.RoutedExpertsJsonlReader;
import io.moereplay.connectors.engines.SglangPerPassReader;
import io.moereplay.connectors.engines.SglangStatReader;
import io.moereplay.connectors.engines.TrtllmExpertStatsReader;
import io.moereplay.connectors.engines.VllmEplbStatsReader;
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
            case SGLANG_STAT -> new SglangStatReader();
            case SGLANG_PER_PASS -> new SglangPerPassReader();
            case ROUTED_EXPERTS -> new RoutedExpertsJsonlReader();
            case TRTLLM_EXPERT_STATS -> new TrtllmExpertStatsReader();
            case MEGATRON_ROUTER_TRACE -> new MegatronRouterTraceReader();
            case VLLM_EPLB_STATS -> new VllmEplbStatsReader();
        };
    }
}
