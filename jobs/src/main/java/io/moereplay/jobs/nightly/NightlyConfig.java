package io.moereplay.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.io.json.JsonDocument;
import io.moereplay.connectors.io.json.JsonInputException;
import io.moereplay.connectors.io.json.JsonKeys;
import io.moereplay.connectors.io.json.LocatedJson;
import io.moereplay.connectors.io.json.StrictObject;
import io.moereplay.jobs.cost.CostCandidates;
import io.moereplay.jobs.cost.SloSettings;
import io.moereplay.jobs.straggler.DeploymentSpecs;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.jobs.straggler.StragglerRowsMode;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hotness.WindowSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static io.moereplay.connectors.io.json.JsonKeys.optional;
import static io.moereplay.connectors.io.json.JsonKeys.required;
import static io.moereplay.connectors.io.json.JsonType.OBJECT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_NUMBER;
import static io.moereplay.connectors.io.json.JsonType.TEXT;
import static io.moereplay.connectors.io.json.JsonType.TEXTS;

/**
 * One nightly run's configuration, from a JSON file: the traces, the model and routing, and what
 * each stage runs. Paths are relative to the file's folder unless absolute. The model is a
 * catalogued name ({@code "model"}) or a HuggingFace config.json ({@code "model_config"}), one of the two.
 * The file is read strictly ({@link #KEYS}, {@link NightPlacement#KEYS}, {@link #COST_KEYS}): an
 * unknown key or a value of the wrong type fails the load, naming the line, the key's path and the
 * closest known key, so that no stage is skipped because of a misspelling.
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
 * @param stragglerRows which rows of the straggler stage's {@code straggler} table to write
 * @param placement the placement stage's options, or null to skip it
 * @param cost the cost stage's candidates and search (as {@code cost --candidates} reads them), or
 *     null to skip it
 */
public record NightlyConfig(Path file, JsonNode json, Path requests, ModelChoice model, List<Path> routing,
        String routingWindow, List<Path> calibrate, String popularity, String drift, String window,
        List<String> deployments, StragglerRowsMode stragglerRows, JsonNode placement,
        JsonNode cost) {

    /** The configuration's keys, each with its type: add a key here and read it in {@link #load}. */
    static final JsonKeys KEYS = JsonKeys.of(required("requests", TEXT), optional("model", TEXT),
            optional("model_config", TEXT), optional("routing", TEXTS), optional("routing_window", TEXT),
            optional("calibrate", TEXTS), optional("popularity", TEXT), optional("drift", TEXT),
            optional("window", TEXT), optional("deployments", TEXTS), optional("straggler_rows", TEXT),
            optional("placement", OBJECT),
            optional("cost", OBJECT));

    /**
     * The cost block's keys: a {@code cost --candidates} file's, plus the SLO's (numbers, listed in
     * {@link SloSettings#NIGHTLY_KEYS}, whose ranges it checks).
     */
    static final JsonKeys COST_KEYS = CostCandidates.FILE_KEYS.plus(JsonKeys.of(SloSettings.NIGHTLY_KEYS.stream()
            .map(key -> optional(key, POSITIVE_NUMBER)).toArray(JsonKeys.Key[]::new)));

    /**
     * @throws io.moereplay.connectors.io.json.JsonInputException at the first problem, before any
     *     stage runs: naming the file, the line, the key's path and the fix
     */
    public static NightlyConfig load(Path file) {
        StrictObject root = JsonDocument.read(file).root().conform(KEYS);
        Path base = file.toAbsolutePath().getParent();
        StrictObject placement = root.value("placement").map(p -> p.conform(NightPlacement.KEYS)).orElse(null);
        StrictObject cost = root.value("cost").map(block -> cost(file, block)).orElse(null);
        checked(root, "window", WindowSpec::parse);
        checked(root, "routing_window", WindowSpec::parse);
        checked(root, "straggler_rows", StragglerRowsMode::of);
        NightlyConfig config = new NightlyConfig(file, root.node(), path(base, root.text("requests")),
                model(root, base), paths(base, root.texts("routing", List.of())), root.text("routing_window", "all"),
                paths(base, root.texts("calibrate", List.of())), root.text("popularity", "zipf:1.0"),
                root.text("drift", "none"), root.text("window", "60s"), root.texts("deployments", List.of()),
                StragglerRowsMode.of(root.text("straggler_rows", StragglerRowsMode.ALL.option())),
                placement == null ? null : placement.node(), cost == null ? null : cost.node());
        checkSpecs(root, cost, config.model().spec());
        if (placement != null) {
            NightPlacement.check(config, placement);
        }
        return config;
    }

    /** The cost block, its candidates, search and SLO checked as the cost stage will read them. */
    private static StrictObject cost(Path file, LocatedJson block) {
        if (block.node().has("slo_target")) {
            SloSettings.fromNightly(file, block.node()); // a removed key: it says what replaced it
        }
        StrictObject cost = block.conform(COST_KEYS);
        CostCandidates.CandidatesFile.of(cost);
        for (String key : SloSettings.NIGHTLY_KEYS) {
            cost.value(key).ifPresent(value -> {
                try {
                    if (key.endsWith("_percentile")) {
                        SloSettings.percentile(value.path(), value.node().doubleValue());
                    } else {
                        SloSettings.ms(value.path(), value.node().doubleValue());
                    }
                } catch (IllegalArgumentException e) {
                    throw value.problem(e.getMessage());
                }
            });
        }
        return cost;
    }

    /**
     * Builds each straggler deployment and cost candidate now, on the built-in GPUs and even expert
     * loads, so that a bad spec fails the load at its line rather than the night after its replay.
     */
    private static void checkSpecs(StrictObject root, StrictObject cost, MoeModelSpec model) {
        double[] even = new double[model.routedExperts()];
        Arrays.fill(even, 1);
        Supplier<double[][]> loads = () -> new double[][] {even};
        HardwareCatalog gpus = HardwareCatalog.builtIn();
        for (LocatedJson spec : elements(root, "deployments")) {
            try {
                DeploymentSpecs.parse(spec.node().asText(), model, gpus, ExpertKernels.roofline(), loads);
            } catch (IllegalArgumentException e) {
                throw located(spec, e);
            }
        }
        for (LocatedJson spec : cost == null ? List.<LocatedJson>of() : elements(cost, "candidates")) {
            try {
                CostCandidates.check(spec.node().asText(), model, gpus, loads);
            } catch (IllegalArgumentException e) {
                throw located(spec, e);
            }
        }
    }

    private static List<LocatedJson> elements(StrictObject object, String key) {
        return object.value(key).map(LocatedJson::elements).orElse(List.of());
    }

    /**
     * A value the stage would refuse, as a problem at its line. The parsers' messages name a
     * command-line option first ({@code --dispatch 'x' is ...}); here the key's path does.
     */
    static JsonInputException located(LocatedJson value, IllegalArgumentException e) {
        return value.problem(value.path() + ": " + e.getMessage().replaceFirst("^--[a-z-]+ ", ""));
    }

    /** Parses {@code key}'s value when given, now: a value the stage would refuse fails the load, at its line. */
    static void checked(StrictObject object, String key, Consumer<String> parse) {
        object.value(key).ifPresent(value -> {
            try {
                parse.accept(value.node().asText());
            } catch (IllegalArgumentException e) {
                throw located(value, e);
            }
        });
    }

    /** The model, looked up now: an unknown name or an unusable config.json fails the load, at its key. */
    private static ModelChoice model(StrictObject root, Path base) {
        if (root.has("model") == root.has("model_config")) {
            throw root.json().problem("give the model as \"model\": NAME (a catalogued model) or"
                    + " \"model_config\": PATH (a HuggingFace config.json), exactly one of the two");
        }
        ModelChoice model = new ModelChoice(root.text("model", null), null,
                root.has("model_config") ? path(base, root.text("model_config")).toString() : null);
        try {
            model.spec();
        } catch (IllegalArgumentException e) {
            throw located(root.at(root.has("model") ? "model" : "model_config"), e);
        }
        return model;
    }

    private static Path path(Path base, String value) {
        Path path = Path.of(value);
        return path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    private static List<Path> paths(Path base, List<String> values) {
        return values.stream().map(value -> path(base, value)).toList();
    }
}
