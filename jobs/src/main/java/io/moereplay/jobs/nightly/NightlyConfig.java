package io.moereplay.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.catalog.ModelChoice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One nightly run's configuration, from a JSON file: the traces, the model and routing, and what
 * each stage runs. Paths are relative to the file's folder unless absolute. The model is a
 * catalogued name ({@code "model"}) or a HuggingFace config.json ({@code "model_config"}), one of the two.
 *
 * <pre>{@code
 * {"requests": "traces/requests.csv", "model": "Mixtral-8x7B", "popularity": "zipf:1.2",
 *  "routing": ["traces/routing"], "window": "60s",
 *  "deployments": ["colocated:gpu=H100-SXM,gpus=8"],
 *  "placement": {"gpus": 4, "redundant_slots": 4},
 *  "cost": {"candidates": ["colocated:gpu=H100-SXM,gpus=8,batch=256"]}}
 * }</pre>
 *
 * @param file the file it came from
 * @param json the file's content, as the manifest records it
 * @param requests request trace
 * @param model the model: {@code "model": NAME} or {@code "model_config": PATH}
 * @param routing routing traces for the hotness stage; empty to take hotness from the replay's loads.
 *     An engine's dump (SGLang, TensorRT-LLM, vLLM EPLB or Megatron counters) also feeds placement, in
 *     windows of {@code routingWindow}
 * @param routingWindow windows over an engine's dump, by forward pass (e.g. {@code 1000pass}) or
 *     {@code all}
 * @param calibrate routing traces to calibrate the synthetic routing model on; empty for {@code popularity}
 * @param popularity the synthetic popularity when not calibrated, e.g. {@code zipf:1.2}
 * @param drift the routing model's drift, {@code none} or {@code SIGMA:RHO:PERIOD}
 * @param window windows of hotness and placement, e.g. {@code 60s}
 * @param deployments straggler deployments; empty to skip the stage
 * @param placement the placement stage's options, or null to skip it
 * @param cost the cost stage's candidates and search (as {@code cost --candidates} reads them), or
 *     null to skip it
 */
public record NightlyConfig(Path file, JsonNode json, Path requests, ModelChoice model, List<Path> routing,
        String routingWindow, List<Path> calibrate, String popularity, String drift, String window,
        List<String> deployments, JsonNode placement,
        JsonNode cost) {

    public static NightlyConfig load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Path base = file.toAbsolutePath().getParent();
        NightlyConfig config = new NightlyConfig(file, root, path(base, required(root, "requests", file)),
                model(root, base, file),
                paths(base, root.path("routing")), root.path("routing_window").asText("all"),
                paths(base, root.path("calibrate")),
                root.path("popularity").asText("zipf:1.0"), root.path("drift").asText("none"),
                root.path("window").asText("60s"), strings(root.path("deployments")),
                root.hasNonNull("placement") ? root.get("placement") : null,
                root.hasNonNull("cost") ? root.get("cost") : null);
        NightPlacement.check(config);
        return config;
    }

    private static String required(JsonNode root, String field, Path file) {
        if (!root.hasNonNull(field)) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is required");
        }
        return root.get(field).asText();
    }

    private static ModelChoice model(JsonNode root, Path base, Path file) {
        String name = root.hasNonNull("model") ? root.get("model").asText() : null;
        String config = root.hasNonNull("model_config") ? path(base, root.get("model_config").asText()).toString() : null;
        if ((name == null) == (config == null)) {
            throw new IllegalArgumentException(file + ": give the model as \"model\": NAME (a catalogued model) or"
                    + " \"model_config\": PATH (a HuggingFace config.json), exactly one of the two");
        }
        return new ModelChoice(name, null, config);
    }

    private static Path path(Path base, String value) {
        Path path = Path.of(value);
        return path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    private static List<Path> paths(Path base, JsonNode array) {
        List<Path> out = new ArrayList<>();
        array.forEach(value -> out.add(path(base, value.asText())));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(value -> out.add(value.asText()));
        return out;
    }
}
