package io.moereplay.jobs.cli;

import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay hotness}: expert hotness and layer balance per window. */
@Command(name = "hotness", mixinStandardHelpOptions = true,
        description = {"Per (window, layer, expert) token counts, shares, ranks and hot flags (table expert_hotness),",
                "per (window, layer) balancedness, max/mean, entropy, Gini and drift (table layer_balance),",
                "and every unusable input row with its reason (table rejects)."})
final class HotnessCommand implements Callable<Integer> {

    @Option(names = "--routing", required = true, split = ",", paramLabel = "PATH",
            description = "Routing trace file(s) or folder(s): token JSONL, capture JSON, load-count JSON or routing Parquet.")
    List<String> routing;

    @Option(names = "--routing-format", paramLabel = "FORMAT",
            description = "Override format detection: token-jsonl, capture-json, load-counts-json, parquet.")
    String routingFormat;

    @Option(names = "--requests", paramLabel = "PATH",
            description = "Request trace (Azure CSV, Mooncake JSONL, Vidur CSV, request Parquet): windows by the arrival time of each token's request.")
    String requests;

    @Option(names = "--requests-format", paramLabel = "FORMAT",
            description = "Override format detection: azure-csv, mooncake-jsonl, vidur-csv, parquet.")
    String requestsFormat;

    @Option(names = "--window", paramLabel = "LENGTH",
            description = "Window length: a time (60s, 500ms, 5m, 1h; needs --requests), a token count (1000tok), or all."
                    + " Default: 60s with --requests, else all.")
    String window;

    @Option(names = "--hot-threshold", paramLabel = "X", defaultValue = "1.5",
            description = "An expert is hot when its load is at least X times the layer mean (default ${DEFAULT-VALUE}).")
    double hotThreshold;

    @Option(names = "--layers", paramLabel = "N",
            description = "Layers 0..N-1, for formats that do not declare them (token JSONL, Parquet without footer metadata).")
    Integer layers;

    @Option(names = "--experts", paramLabel = "E", description = "Experts per layer, for formats that do not declare them.")
    Integer experts;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        HotnessConfig config = new HotnessConfig(routing, routingFormat, requests, requestsFormat,
                window == null ? null : WindowSpec.parse(window), run.out, run.parallelism, hotThreshold,
                layers, experts, run.runId, run.maxRejects);
        Map<String, Object> summary = ExpertHotnessJob.run(config);
        RunReport.print(System.out, summary);
        return 0;
    }
}
