package io.moereplay.jobs.cli;

import picocli.CommandLine.Option;

/**
 * The routing replay's schedule: how many requests decode at once and how long a step takes. Not
 * on {@code cost}, where each candidate schedules by its own batch and predicted step times; it
 * takes these defaults.
 */
final class ScheduleOptions {

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "256",
            description = "Most requests decoding at once (default ${DEFAULT-VALUE}).")
    int maxBatch = 256;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "30",
            description = "Duration of one batch iteration in milliseconds, until the serving models time steps (default ${DEFAULT-VALUE}).")
    double stepMs = 30;

    long stepMicros() {
        if (!(stepMs > 0 && stepMs <= 3_600_000)) {
            throw new IllegalArgumentException("--step-ms " + stepMs + " is not in (0, 3600000]");
        }
        return Math.max(1, Math.round(stepMs * 1000));
    }
}
