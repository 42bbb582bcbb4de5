package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The routing-trace formats moe-replay reads; {@link RoutingTraceReader#of} gives each reader. */
public enum RoutingFormat {
    /** One JSON object per token per layer: request id, token index, layer, experts. */
    TOKEN_JSONL("token-jsonl", "a token-level routing JSONL trace (one object per token per layer)"),
    /** A router capture: {@code selections[token][layer][k]} with layers and expertsPerLayer. */
    CAPTURE_JSON("capture-json", "a router capture JSON with selections[token][layer][k]"),
    /** Per-layer expert token counts: {@code expert_usage_by_layer[layer][expert]}. */
    LOAD_COUNTS_JSON("load-counts-json", "a load-count JSON with expert_usage_by_layer"),
    /** moe-replay's canonical routing table, {@link RoutingTable#SCHEMA}. */
    PARQUET("parquet", "a routing Parquet file (columns of RoutingTable.SCHEMA)"),
    /** Per-window expert loads of a replay, the {@code expert_load} table {@code moe-replay replay} writes. */
    EXPERT_LOAD("expert-load", "an expert_load Parquet table written by moe-replay replay");

    /** How far into a JSON file detection looks for the distinguishing key. */
    private static final int SNIFF_BYTES = 1 << 16;

    private final String label;
    private final String expected;

    RoutingFormat(String label, String expected) {
        this.label = label;
        this.expected = expected;
    }

    /** The name {@code --format} takes, such as {@code capture-json}. */
    public String label() {
        return label;
    }

    /** What a file in this format holds, for error messages. */
    public String expected() {
        return expected;
    }

    /**
     * Parses a {@code --format} value, case-insensitive, {@code _} accepted for {@code -}.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static RoutingFormat parse(String name) {
        String wanted = name == null ? "" : name.trim().replace('_', '-');
        for (RoutingFormat format : values()) {
            if (format.label.equalsIgnoreCase(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "routing format '" + name + "' is not one of " + labels());
    }

    /**
     * Picks the format: {@code .jsonl} is token JSONL, {@code .parquet} is a replay's
     * {@code expert_load} table when it has that table's columns and routing Parquet otherwise, and
     * {@code .json} is a capture when its first 64 KiB name {@code "selections"}, or load counts
     * when they name {@code "expert_usage_by_layer"}.
     *
     * @throws TraceFormatException naming the file when it is missing, empty or none of these
     */
    public static RoutingFormat detect(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, "a routing trace (" + labels() + ")");
        return switch (TraceFiles.extension(file)) {
            case "jsonl" -> TOKEN_JSONL;
            case "parquet" -> parquetFormat(file);
            case "json" -> jsonFormat(file);
            default -> throw new TraceFormatException(file.name(),
                    "cannot tell the routing format from the extension; expected .jsonl, .json or"
                            + " .parquet, or pass --format with one of " + labels());
        };
    }

    private static RoutingFormat parquetFormat(TraceFile file) throws IOException {
        MessageType schema;
        try (ParquetFileReader reader = ParquetFiles.open(file, PARQUET.expected + " or " + EXPERT_LOAD.expected)) {
            schema = reader.getFooter().getFileMetaData().getSchema();
        }
        return ExpertLoadParquetRoutingReader.isExpertLoad(schema) ? EXPERT_LOAD : PARQUET;
    }

    private static RoutingFormat jsonFormat(TraceFile file) throws IOException {
        String head;
        try (InputStream in = file.open()) {
            head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
        }
        if (head.contains("\"selections\"")) {
            return CAPTURE_JSON;
        }
        if (head.contains("\"expert_usage_by_layer\"")) {
            return LOAD_COUNTS_JSON;
        }
        throw new TraceFormatException(file.name(), "JSON names neither \"selections\" nor"
                + " \"expert_usage_by_layer\"; expected " + CAPTURE_JSON.expected + " or "
                + LOAD_COUNTS_JSON.expected);
    }

    static String labels() {
        return Arrays.stream(values()).map(RoutingFormat::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
