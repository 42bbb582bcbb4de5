package io.moereplay.jobs.cli;

import io.moereplay.jobs.replay.ReplayConfig;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * What the step-by-step routing replay takes beyond {@link ReplayOptions}: its schedule (how many
 * requests decode at once, how long a step takes) and a recorded routing trace to replay. Not on
 * {@code cost}, where each candidate schedules by its own batch and predicted step times and every
 * step's loads are drawn from the synthetic model; it takes these defaults.
 */
final class StepReplayOptions {

    @Option(names = "--routing-model", paramLabel = "NAME", defaultValue = ReplayConfig.SYNTHETIC,
            description = "synthetic (drawn from a popularity model, optionally calibrated) or recorded (replays --routing). Default: ${DEFAULT-VALUE}.")
    String routingModel = ReplayConfig.SYNTHETIC;

    @Option(names = "--routing", split = ",", paramLabel = "PATH", converter = OptionValues.InputPath.class,
            description = "Recorded routing trace file(s) or folder(s) for --routing-model recorded (token JSONL, capture JSON, routing Parquet).")
    List<String> routing;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "256", converter = OptionValues.PositiveInt.class,
            description = "Most requests decoding at once (default ${DEFAULT-VALUE}).")
    int maxBatch = 256;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "30", converter = OptionValues.PositiveDouble.class,
            description = "Duration of one batch iteration in milliseconds, until the serving models time steps (default ${DEFAULT-VALUE}).")
    double stepMs = 30;

    long stepMicros() {
        if (stepMs > 3_600_000) {
            throw new IllegalArgumentException("--step-ms " + stepMs + " is over an hour; give milliseconds, e.g. 30");
        }
        return Math.max(1, Math.round(stepMs * 1000));
    }
}
