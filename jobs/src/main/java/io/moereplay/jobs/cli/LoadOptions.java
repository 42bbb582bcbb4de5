package io.moereplay.jobs.cli;

import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.Option;

import java.util.List;

/** Where per-window expert loads come from: the options of the commands that read routing traces. */
final class LoadOptions {

    @Option(names = "--routing", required = true, split = ",", paramLabel = "PATH", converter = OptionValues.InputPath.class,
            description = "Routing trace file(s) or folder(s): token JSONL, capture JSON, load-count JSON, routing Parquet,"
                    + " or a replay's expert_load table.")
    List<String> routing;

    @Option(names = "--routing-format", paramLabel = "FORMAT",
            description = "Override format detection: token-jsonl, capture-json, load-counts-json, parquet, expert-load.")
    String routingFormat;

    @Option(names = "--requests", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "Request trace (Azure CSV, Mooncake JSONL, Vidur CSV, request Parquet): windows by the arrival time of each token's request.")
    String requests;

    @Option(names = "--requests-format", paramLabel = "FORMAT",
            description = "Override format detection: azure-csv, mooncake-jsonl, vidur-csv, parquet.")
    String requestsFormat;

    @Option(names = "--window", paramLabel = "LENGTH", converter = OptionValues.Window.class,
            description = "Window length: a time (60s, 500ms, 5m, 1h; needs --requests or an expert_load table), a token count"
                    + " (1000tok), an engine dump's forward passes (1000pass), or all. Default: 60s with --requests, else all.")
    WindowSpec window;

    @Option(names = "--layers", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Layers 0..N-1, for formats that do not declare them (token JSONL, Parquet without footer metadata).")
    Integer layers;

    @Option(names = "--experts", paramLabel = "E", converter = OptionValues.PositiveInt.class, description = "Experts per layer, for formats that do not declare them.")
    Integer experts;
}
