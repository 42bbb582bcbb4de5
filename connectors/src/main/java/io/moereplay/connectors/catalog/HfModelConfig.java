package io.moereplay.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.io.json.JsonDocument;
import io.moereplay.model.catalog.MoeModelSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link MoeModelSpec} read from a HuggingFace {@code config.json}, dispatched on its
 * {@code model_type}, or its {@code architectures} class when it has none (see {@link HfFamilies} for the keys each family reads). The model is named
 * after the file's folder ({@code Qwen3-30B-A3B/config.json} gives {@code Qwen3-30B-A3B}), or after
 * the file itself when it is not called {@code config.json}.
 *
 * <p>Weights are sized at the checkpoint's own precision: {@code quantization_config.quant_method}
 * {@code fp8} is 1 byte a weight and {@code mxfp4} 4.25 bits (4-bit values plus one 8-bit scale per
 * 32, gpt-oss's experts); otherwise {@code torch_dtype} (or transformers' newer {@code dtype}):
 * {@code bfloat16}/{@code float16} 2 bytes, {@code float32} 4.
 */
public final class HfModelConfig {

    private static final Map<String, Double> QUANTIZED_BYTES = Map.of("fp8", 1.0, "mxfp4", 4.25 / 8);
    /** The model_type of each supported architecture class, for the rare config.json without model_type. */
    private static final Map<String, String> ARCHITECTURES = Map.of(
            "MixtralForCausalLM", "mixtral", "OlmoeForCausalLM", "olmoe", "Qwen2MoeForCausalLM", "qwen2_moe",
            "Qwen3MoeForCausalLM", "qwen3_moe", "DeepseekV2ForCausalLM", "deepseek_v2",
            "DeepseekV3ForCausalLM", "deepseek_v3", "Glm4MoeForCausalLM", "glm4_moe", "GptOssForCausalLM", "gpt_oss",
            "Llama4ForConditionalGeneration", "llama4", "DbrxForCausalLM", "dbrx");
    private static final Map<String, Double> DTYPE_BYTES = Map.of("bfloat16", 2.0, "float16", 2.0, "float32", 4.0);

    private HfModelConfig() {}

    /** @throws CatalogException naming the file, the key and the fix when the file cannot give a model */
    public static MoeModelSpec read(Path file) {
        String name = file.toString();
        // Parsed as every JSON input is, for the same syntax messages; its keys are not checked: a
        // config.json carries dozens nobody here reads.
        JsonNode root = JsonDocument.read(file).root().node();
        if (!root.isObject()) {
            throw new CatalogException(name, "not a JSON object; expected a HuggingFace config.json");
        }
        HfConfig config = new HfConfig(name, "", root, "?");
        String modelType = config.text("model_type");
        if (modelType == null) {
            modelType = ARCHITECTURES.get(root.path("architectures").path(0).asText());
        }
        if (modelType == null) {
            throw new CatalogException(name, "missing key \"model_type\" (and no known \"architectures\"); a"
                    + " HuggingFace config.json names its architecture there (e.g. \"mixtral\"); supported: "
                    + HfFamilies.SUPPORTED.keySet());
        }
        HfFamilies.Family family = HfFamilies.SUPPORTED.get(modelType);
        if (family == null) {
            throw new CatalogException(name, "key \"model_type\" is \"" + modelType + "\", which moe-replay cannot"
                    + " size; supported: " + HfFamilies.SUPPORTED.keySet() + ". Describe the model as a catalog"
                    + " entry and pass it with --models-file instead");
        }
        HfConfig typed = new HfConfig(name, "", root, modelType);
        try {
            return family.parse(modelName(file), typed);
        } catch (CatalogException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // MoeModelSpec's own checks name the dim and value, e.g. "topK must be at most routedExperts"
            throw typed.problem("the dims do not make a model: " + e.getMessage());
        }
    }

    /** The folder's name for {@code .../NAME/config.json}, else the file name without {@code .json}. */
    static String modelName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String fileName = absolute.getFileName().toString();
        if (fileName.equals("config.json") && absolute.getParent() != null && absolute.getParent().getFileName() != null) {
            return absolute.getParent().getFileName().toString();
        }
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }

    /**
     * Bytes a weight takes in the checkpoint: the first scope's quantization if any has one, else the
     * first scope's dtype (Llama 4 keeps both at the top level and in {@code text_config}).
     */
    static double bytesPerParam(HfConfig... scopes) {
        for (HfConfig scope : scopes) {
            if (scope.has("quantization_config")) {
                HfConfig quantization = scope.object("quantization_config");
                String method = quantization.text("quant_method");
                Double bytes = method == null ? null : QUANTIZED_BYTES.get(method);
                if (bytes == null) {
                    throw scope.problem("key \"" + quantization.at() + "quant_method\" is " + method + ", not one of "
                            + QUANTIZED_BYTES.keySet() + "; give the unquantized model's config.json, or a catalog entry"
                            + " with its bytesPerParam via --models-file");
                }
                return bytes;
            }
        }
        for (HfConfig scope : scopes) {
            String dtype = scope.has("torch_dtype") ? scope.text("torch_dtype") : scope.text("dtype");
            if (dtype != null) {
                Double bytes = DTYPE_BYTES.get(dtype);
                if (bytes == null) {
                    throw scope.problem("key \"" + scope.at() + "torch_dtype\" is \"" + dtype + "\", not one of "
                            + DTYPE_BYTES.keySet());
                }
                return bytes;
            }
        }
        throw scopes[0].problem("missing key \"torch_dtype\" (or \"dtype\", or \"quantization_config\"), which"
                + " says how many bytes a weight takes; add it, e.g. \"torch_dtype\": \"bfloat16\"");
    }
}
