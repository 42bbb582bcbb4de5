package io.moereplay.connectors.routing;

import io.moereplay.model.text.ClosestName;
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

/**
 * The routing-trace formats moe-replay reads, its own and the serving engines' dumps;
 * {@link RoutingTraceReader#of} gives each reader.
 */
public enum RoutingFormat {
    /** One JSON object per token per layer: request id, token index, layer, experts. */
    TOKEN_JSONL("token-jsonl", "a token-level routing JSONL trace (one object per token per layer)", Clock.TOKENS,
            Files.UNIQUE_DECISIONS),
    /** A router capture: {@code selections[token][layer][k]} with layers and expertsPerLayer. */
    CAPTURE_JSON("capture-json", "a router capture JSON with selections[token][layer][k]", Clock.TOKENS, Files.SUMMED),
    /** Per-layer expert token counts: {@code expert_usage_by_layer[layer][expert]}. */
    LOAD_COUNTS_JSON("load-counts-json", "a load-count JSON with expert_usage_by_layer", Clock.NONE,
            Files.UNIQUE_COUNTS),
    /** moe-replay's canonical routing table, {@link RoutingTable#SCHEMA}. */
    PARQUET("parquet", "a routing Parquet file (columns of RoutingTable.SCHEMA)", Clock.TOKENS, Files.UNIQUE_DECISIONS),
    /** Per-window expert loads of a replay, the {@code expert_load} table {@code moe-replay replay} writes. */
    EXPERT_LOAD("expert-load", "an expert_load Parquet table written by moe-replay replay", Clock.WINDOW_START,
            Files.UNIQUE_COUNTS),
    /** SGLang's expert distribution recorder in {@code stat} or {@code stat_approx} mode. */
    SGLANG_STAT("sglang-stat", "an SGLang expert distribution recorder dump in stat mode"
            + " (expert_distribution_recorder_{time}.pt holding logical_count)", Clock.PASSES, Files.SUMMED),
    /** SGLang's expert distribution recorder in {@code per_pass} or {@code per_token} mode, a file per rank. */
    SGLANG_PER_PASS("sglang-per-pass", "an SGLang expert distribution recorder dump in per_pass or per_token"
            + " mode (expert_distribution_recorder_{time}_{rank}.pt holding records)", Clock.PASSES, Files.SUMMED),
    /** vLLM's or SGLang's routed experts returned per request, one API response per line. */
    ROUTED_EXPERTS("routed-experts", "a JSONL of vLLM or SGLang responses with routed experts"
            + " (--enable-return-routed-experts)", Clock.TOKENS, Files.SUMMED),
    /** TensorRT-LLM's expert statistics ({@code EXPERT_STATISTIC_PATH}). */
    TRTLLM_EXPERT_STATS("trtllm-expert-stats", "a TensorRT-LLM expert statistic folder"
            + " (meta_info.json and rank{r}.safetensors)", Clock.PASSES, Files.SUMMED),
    /** Megatron-Core's router trace ({@code --moe-routing-trace-path}). */
    MEGATRON_ROUTER_TRACE("megatron-router-trace", "a Megatron-Core router trace"
            + " (router_trace_rank{r}.jsonl with top_indices)", Clock.PASSES, Files.SUMMED),
    /** vLLM's offline EPLB load statistics (vLLM PR 41141, not final). */
    VLLM_EPLB_STATS("vllm-eplb-stats", "a vLLM EPLB load statistics JSONL"
            + " (records of record_type eplb_load_stats)", Clock.PASSES, Files.SUMMED);

    /**
     * What a format's rows say about when they happened, which decides the windows a run over it
     * can take.
     */
    public enum Clock {
        /** Per-token decisions with request ids: time windows by the request's arrival, token windows, or all. */
        TOKENS,
        /** Counts with no time or order at all: one window. */
        NONE,
        /** Counts placed at their replay window's start: time windows, or all. */
        WINDOW_START,
        /** Counts or decisions per engine forward pass (iteration, step): pass windows, or all. */
        PASSES
    }

    /**
     * What the same key in two files of one input means: a duplicate, where the format's files
     * partition the rows (a trace written in parts, a replay's {@code expert_load} parts), or a
     * share to add, where each file counts its own part of the deployment (an engine's rank, a
     * recording). The jobs reject cross-file duplicates only for the first two.
     */
    public enum Files {
        /** A (request, token, layer) decision in two files is one decision delivered twice. */
        UNIQUE_DECISIONS,
        /** A count for one (interval, layer, expert) in two files is one count delivered twice. */
        UNIQUE_COUNTS,
        /**
         * Summed across files by design: engine dumps are one file per rank (or per recording),
         * each counting its own tokens; capture JSON and routed-experts responses number their
         * requests per file (request 0, or the line), so equal keys in two files are different tokens.
         */
        SUMMED
    }

    /** How far into a JSON file detection looks for the distinguishing key. */
    private static final int SNIFF_BYTES = 1 << 16;

    private final String label;
    private final String expected;
    private final Clock clock;
    private final Files files;

    RoutingFormat(String label, String expected, Clock clock, Files files) {
        this.label = label;
        this.expected = expected;
        this.clock = clock;
        this.files = files;
    }

    /** Whether a key repeated across two files of one input is a duplicate or a share to add. */
    public Files files() {
        return files;
    }

    /** What the format's rows say about when they happened. */
    public Clock clock() {
        return clock;
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
                "routing format '" + name + "' is not one of " + labels()
                        + ClosestName.hint(name, Arrays.stream(values()).map(RoutingFormat::label).toList()));
    }

    /**
     * Picks the format from the extension and the content: {@code .jsonl} by the keys of its first
     * line (an engine's record, else token JSONL), {@code .parquet} is a replay's
     * {@code expert_load} table when it has that table's columns and routing Parquet otherwise,
     * {@code .json} is a capture when its first 64 KiB name {@code "selections"}, load counts when
     * they name {@code "expert_usage_by_layer"}, or TensorRT-LLM's {@code meta_info.json}, {@code
     * .pt} is one of SGLang's recorder dumps by the keys its pickle names, and {@code
     * .safetensors} is TensorRT-LLM's expert statistics.
     *
     * @throws TraceFormatException naming the file when it is missing, empty or none of these
     */
    public static RoutingFormat detect(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, "a routing trace (" + labels() + ")");
        return switch (TraceFiles.extension(file)) {
            case "jsonl" -> EngineFormatSniffer.jsonlFormat(file);
            case "parquet" -> parquetFormat(file);
            case "json" -> jsonFormat(file);
            case "pt" -> EngineFormatSniffer.torchFormat(file);
            case "safetensors" -> TRTLLM_EXPERT_STATS;
            default -> throw new TraceFormatException(file.name(),
                    "cannot tell the routing format from the extension; expected .jsonl, .json, .parquet,"
                            + " .pt or .safetensors, or pass --routing-format with one of " + labels());
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
        if (head.contains("\"num_experts_per_token\"")) {
            return TRTLLM_EXPERT_STATS;
        }
        throw new TraceFormatException(file.name(), "JSON names neither \"selections\","
                + " \"expert_usage_by_layer\" nor \"num_experts_per_token\"; expected " + CAPTURE_JSON.expected
                + ", " + LOAD_COUNTS_JSON.expected + " or " + TRTLLM_EXPERT_STATS.expected);
    }

    static String labels() {
        return Arrays.stream(values()).map(RoutingFormat::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
