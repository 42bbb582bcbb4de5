package io.moereplay.jobs.cli;

import picocli.CommandLine.Option;

/** The options every job command takes: where the output goes and how the run is executed. */
final class RunOptions {

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = OptionValues.OutputLocation.class, description = "Output folder (local path, s3://, hdfs://).")
    String out;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0", converter = OptionValues.NonNegativeInt.class,
            description = "Flink parallelism; 0 = the environment's default (cores when embedded).")
    int parallelism;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Run id written into every row; default: derived from the inputs and options.")
    String runId;

    @Option(names = "--max-rejects", paramLabel = "N", defaultValue = "1000000", converter = OptionValues.NonNegativeLong.class,
            description = "Fail when a file has more rejected rows than this (default ${DEFAULT-VALUE}).")
    long maxRejects;
}
