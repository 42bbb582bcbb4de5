package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.hadoop.ParquetFileReader;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * moe-replay's canonical routing table: one row per token per MoE layer. The trace's layers and
 * experts ride in the footer's key-value metadata so the file range-checks itself.
 */
public final class RoutingTable {

    /** Footer key: comma-separated layer ids. */
    public static final String LAYERS_KEY = "moe.layers";
    /** Footer key: experts per layer. */
    public static final String EXPERTS_KEY = "moe.experts";

    public static final TableSchema<RoutingRecord> SCHEMA = new TableSchema<>("routing", List.of(
            Column.required("request_id", ColumnType.INT64,
                    "request the token belongs to", RoutingRecord::requestId),
            Column.required("token_index", ColumnType.INT32,
                    "token position within its request", RoutingRecord::tokenIndex),
            Column.required("phase", ColumnType.STRING,
                    "`prefill` or `decode`", r -> r.phase().label()),
            Column.required("layer", ColumnType.INT32,
                    "MoE layer id", RoutingRecord::layer),
            Column.required("experts", ColumnType.INT32_LIST,
                    "chosen expert ids in router rank order (top-k)", RoutingRecord::experts),
            Column.optional("gate_weights", ColumnType.FLOAT_LIST,
                    "gate weight per chosen expert; null when not recorded",
                    r -> r.gateWeights().length == 0 ? null : r.gateWeights())));

    private RoutingTable() {}

    /** The footer metadata that declares a trace's shape. */
    public static Map<String, String> shapeMetadata(TraceShape shape) {
        String layers = Arrays.stream(layerIds(shape))
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        return Map.of(LAYERS_KEY, layers, EXPERTS_KEY, Integer.toString(shape.experts()));
    }

    /**
     * The shape a Parquet file's footer declares ({@link #LAYERS_KEY}, {@link #EXPERTS_KEY}), if
     * it declares one.
     *
     * @param expected what the file should hold, for error messages
     */
    public static Optional<TraceShape> declaredShape(TraceFile file, String expected) throws IOException {
        TraceFiles.requireNonEmpty(file, expected);
        Map<String, String> footer;
        try (ParquetFileReader reader = ParquetFiles.open(file, expected)) {
            footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
        String layers = footer.get(LAYERS_KEY);
        String experts = footer.get(EXPERTS_KEY);
        if (layers == null || experts == null) {
            return Optional.empty();
        }
        try {
            int[] ids = Arrays.stream(layers.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            return Optional.of(TraceShape.ofLayers(ids, Integer.parseInt(experts.trim())));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file.name(), "footer metadata " + LAYERS_KEY + "='" + layers + "', "
                    + EXPERTS_KEY + "='" + experts + "' is not a valid shape: " + e.getMessage(), e);
        }
    }

    private static int[] layerIds(TraceShape shape) {
        int[] ids = new int[shape.layerCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = shape.layerId(i);
        }
        return ids;
    }
}
