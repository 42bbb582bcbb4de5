package io.moereplay.jobs.cli;

import io.moereplay.jobs.generate.ProductionDaySpec;
import picocli.CommandLine.Option;

import java.util.List;

/** The options of {@code generate --preset production-day}. */
final class ProductionPresetOptions {

    static final List<String> NAMES = List.of("--requests-per-s", "--hours", "--model", "--calibrate", "--drift",
            "--max-batch", "--step-ms", "--passes-per-file");

    @Option(names = "--requests-per-s", paramLabel = "R", defaultValue = "10", converter = OptionValues.PositiveDouble.class,
            description = "production-day: mean arrival rate, requests a second (default ${DEFAULT-VALUE}).")
    double requestsPerSecond;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "24", converter = OptionValues.PositiveDouble.class,
            description = "production-day: hours of arrivals (default ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "DeepSeek-V3",
            description = "production-day: catalogued model whose routing the recorder dumps hold (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--calibrate", split = ",", paramLabel = "PATH", converter = OptionValues.InputPath.class,
            description = "production-day: routing trace or load counts the routing is calibrated to, as replay --calibrate (required).")
    List<String> calibrate;

    @Option(names = "--drift", paramLabel = "SIGMA:RHO:PERIOD", defaultValue = "0.3:0.9:60s",
            description = "production-day: drift of expert popularity, as replay --drift (default ${DEFAULT-VALUE}).")
    String drift;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "8192", converter = OptionValues.PositiveInt.class,
            description = "production-day: most requests decoding in one forward pass, the deployment's whole batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "100", converter = OptionValues.PositiveDouble.class,
            description = "production-day: one forward pass in milliseconds (default ${DEFAULT-VALUE}).")
    double stepMs;

    @Option(names = "--passes-per-file", paramLabel = "N", defaultValue = "1000", converter = OptionValues.PositiveInt.class,
            description = "production-day: forward passes per SGLang recorder dump (default ${DEFAULT-VALUE}, SGLang's buffer).")
    int passesPerFile;

    ProductionDaySpec spec(long seed) {
        return new ProductionDaySpec(requestsPerSecond, hours, model, calibrate, drift, maxBatch,
                Math.max(1, Math.round(stepMs * 1000)), passesPerFile, seed);
    }
}
