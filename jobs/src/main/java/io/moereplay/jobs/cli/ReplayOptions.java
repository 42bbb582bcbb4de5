package io.moereplay.jobs.cli;

import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** What every replaying command takes: the request trace, the model and the synthetic routing model. */
final class ReplayOptions {

    @Option(names = "--requests", required = true, paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "Request trace (Azure CSV, Mooncake JSONL, Vidur CSV, request Parquet): arrivals and output lengths.")
    String requests;

    @Option(names = "--requests-format", paramLabel = "FORMAT",
            description = "Override format detection: azure-csv, mooncake-jsonl, vidur-csv, parquet.")
    String requestsFormat;

    @Mixin
    ModelOptions model;

    @Option(names = "--calibrate", split = ",", paramLabel = "PATH", converter = OptionValues.InputPath.class,
            description = "Routing trace or load-count JSON to fit the synthetic model's per-layer popularity to.")
    List<String> calibrate;

    @Option(names = "--routing-format", paramLabel = "FORMAT",
            description = "Override format detection of --routing or --calibrate: token-jsonl, capture-json, load-counts-json, parquet.")
    String routingFormat;

    @Option(names = "--layers", paramLabel = "N", converter = OptionValues.PositiveInt.class, description = "Layers of a routing trace whose format does not declare them.")
    Integer layers;

    @Option(names = "--experts", paramLabel = "E", converter = OptionValues.PositiveInt.class, description = "Experts of a routing trace whose format does not declare them.")
    Integer experts;

    @Option(names = "--popularity", paramLabel = "SPEC", defaultValue = "zipf:1.0",
            description = "Synthetic popularity without --calibrate: zipf:S[:Q] (weight (rank+1+Q)^-S), lognormal:SIGMA,"
                    + " or shares:W1/W2/... (one weight per expert, hottest first). Default: ${DEFAULT-VALUE}.")
    String popularity;

    @Option(names = "--family", paramLabel = "NAME", defaultValue = "zipf",
            description = "Family --calibrate fits per layer: zipf (exponent and offset) or lognormal. Default: ${DEFAULT-VALUE}.")
    String family;

    @Option(names = "--drift", paramLabel = "SPEC", defaultValue = "none",
            description = "Synthetic popularity drift: SIGMA:RHO:PERIOD (log-popularity AR(1) per PERIOD, e.g. 0.3:0.9:60s) or none.")
    String drift;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every synthetic draw (default ${DEFAULT-VALUE}).")
    long seed;

    /** The replay's config, with the run options, the output window, the schedule and any recorded routing. */
    ReplayConfig config(RunOptions run, WindowSpec window, StepReplayOptions steps) {
        return new ReplayConfig(requests, requestsFormat, model.choice(), steps.routingModel, steps.routing, calibrate,
                routingFormat, layers, experts, popularity, family, drift, seed, steps.maxBatch,
                steps.stepMicros(), window, run.out, run.parallelism, run.runId, run.maxRejects);
    }
}
