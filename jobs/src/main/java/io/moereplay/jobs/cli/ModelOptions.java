package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.ModelChoice;
import picocli.CommandLine.Option;

/** How every command that runs on one model is given it: a catalogued name or a HuggingFace config.json. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "NAME",
            description = "Catalogued MoE model, e.g. Mixtral-8x22B (list: moe-replay models); or give --model-config.")
    String model;

    @Option(names = "--model-config", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "The model's HuggingFace config.json instead of a catalogued name (README: Models from config.json).")
    String modelConfig;

    @Option(names = "--models-file", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "Extra model catalog (JSON) whose models add to or replace the built-in ones.")
    String modelsFile;

    /** @throws IllegalArgumentException when both or neither of --model and --model-config are given */
    ModelChoice choice() {
        return new ModelChoice(model, modelsFile, modelConfig);
    }
}
