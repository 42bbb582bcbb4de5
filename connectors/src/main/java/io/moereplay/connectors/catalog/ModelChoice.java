package io.moereplay.connectors.catalog;

import io.moereplay.model.catalog.MoeModelSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model a command runs on: a catalogued name ({@code --model}, with an optional extra catalog
 * {@code --models-file}) or a HuggingFace config.json ({@code --model-config}), exactly one of the
 * two. Every command that takes a model resolves it here, so they all accept the same options.
 *
 * @param name catalog name, or null when {@code configFile} gives the model
 * @param modelsFile extra model catalog (JSON), or null
 * @param configFile HuggingFace config.json, or null when {@code name} gives the model
 */
public record ModelChoice(String name, String modelsFile, String configFile) {

    public ModelChoice {
        name = blankToNull(name);
        configFile = blankToNull(configFile);
        if (name != null && configFile != null) {
            throw new IllegalArgumentException("give the model by --model NAME or by --model-config PATH, not both"
                    + " (got --model " + name + " and --model-config " + configFile + ")");
        }
        if (name == null && configFile == null) {
            throw new IllegalArgumentException("no model given: --model NAME (list: moe-replay models) or"
                    + " --model-config PATH (a HuggingFace config.json)");
        }
    }

    /** A built-in model by name. */
    public static ModelChoice named(String name) {
        return new ModelChoice(name, null, null);
    }

    /** The model: read from the config.json, or looked up in the catalog. */
    public MoeModelSpec spec() {
        return configFile != null ? HfModelConfig.read(Path.of(configFile)) : catalog().get(name);
    }

    /** The catalog (built-in plus {@code modelsFile}), plus the config.json's model when given. */
    public ModelCatalog catalog() {
        ModelCatalog catalog = ModelCatalog.builtInPlus(modelsFile);
        return configFile == null ? catalog : catalog.plus(HfModelConfig.read(Path.of(configFile)), configFile);
    }

    /** The choice as run summaries record it. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", name);
        map.put("models_file", modelsFile);
        map.put("model_config", configFile);
        return map;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
