package io.moereplay.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.io.json.JsonKeys;
import io.moereplay.connectors.io.json.StrictObject;
import io.moereplay.connectors.placementfiles.EnginePlacementFormat;
import io.moereplay.jobs.placement.CurrentPlacementMismatch;
import io.moereplay.jobs.placement.PlacementConfig;
import io.moereplay.jobs.placement.PlacementEmitter;
import io.moereplay.jobs.placement.PlacementJob;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.placement.SlotLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.moereplay.connectors.io.json.JsonKeys.optional;
import static io.moereplay.connectors.io.json.JsonType.NON_NEGATIVE_INT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_INT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_INTS;
import static io.moereplay.connectors.io.json.JsonType.TEXT;
import static io.moereplay.connectors.io.json.JsonType.TEXTS;

/**
 * The nightly placement stage: the configuration's {@code placement} block as a placement run that
 * starts from the placement in force, which is the previous night's (the engine file it emitted,
 * when it emitted one: what the engine loaded; else its placement table), so the incremental
 * policy moves only what changed and migration costs what it really does. A change of GPUs, slots
 * or experts between nights falls back to a full placement, and the manifest says why. With
 * {@code "emit"}, the recommendation is written in the engine's format into the partition's
 * {@code engine/} folder.
 */
final class NightPlacement {

    /** The partition folder emitted engine files go in. */
    static final String ENGINE_FOLDER = "engine";
    static final String IN_FORCE = "placement_in_force";
    static final String EMITTED = "emitted";

    /** The placement block's keys, each with its type: add a key here and read it in {@link #config}. */
    static final JsonKeys KEYS = JsonKeys.of(optional("gpus", POSITIVE_INT), optional("nodes", POSITIVE_INT),
            optional("redundant_slots", NON_NEGATIVE_INT), optional("groups", POSITIVE_INT),
            optional("dispatch", TEXT), optional("policies", TEXTS), optional("move_budget", TEXT),
            optional("look_back", POSITIVE_INT), optional("horizon", POSITIVE_INT),
            optional("intervals", POSITIVE_INTS), optional("batch", POSITIVE_INT), optional("context", POSITIVE_INT),
            optional("gpu", TEXT), optional("emit", TEXT));

    private NightPlacement() {}

    /**
     * Runs the stage; the run summary it returns carries {@link #IN_FORCE} (where the placement in
     * force came from, or why none) and, with an emit target, {@link #EMITTED} (the file, relative
     * to the partition).
     */
    static Map<String, Object> run(NightlyConfig config, List<String> loads, WindowSpec window, Path staging,
            Optional<Path> previousNight, int parallelism, String runId) throws Exception {
        JsonNode block = config.placement();
        EnginePlacementFormat emit = block.hasNonNull("emit") ? EnginePlacementFormat.parse(block.get("emit").asText())
                : null;
        Optional<Path> inForce = previousNight.flatMap(night -> inForce(night, emit));
        Path out = staging.resolve("placement");
        PlacementConfig full = config(config, loads, window, out, null, parallelism, runId);
        Map<String, Object> from = new LinkedHashMap<>();
        Map<String, Object> summary;
        try {
            summary = PlacementJob.run(inForce.isEmpty() ? full
                    : config(config, loads, window, out, inForce.get(), parallelism, runId));
            from.put("carried", inForce.isPresent());
            from.put("from", inForce.map(Path::toString).orElse("none: no earlier night with a placement"));
        } catch (CurrentPlacementMismatch e) {
            summary = PlacementJob.run(full);
            from.put("carried", false);
            from.put("from", "none: full placement, because the previous night's cannot be used: " + e.getMessage());
        }
        summary.put(IN_FORCE, from);
        if (emit != null) {
            Path file = PlacementEmitter.emit(full, emit, staging.resolve(ENGINE_FOLDER)).file();
            summary.put(EMITTED, staging.relativize(file).toString());
        }
        return summary;
    }

    /** The previous night's engine file when this night emits one and it did too, else its placement table. */
    private static Optional<Path> inForce(Path night, EnginePlacementFormat emit) {
        if (emit != null) {
            Path file = night.resolve(ENGINE_FOLDER).resolve(emit.fileName());
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        Path table = night.resolve("placement");
        return Files.isDirectory(table) ? Optional.of(table) : Optional.empty();
    }

    /**
     * Checks the placement block's values as the configuration is loaded, so that a night that
     * cannot place fails before its first stage: the names (GPU, dispatch rule, policies, engine
     * format) must be known, and the slots must divide evenly over the GPUs and allow at most one
     * replica of an expert per GPU of the model.
     *
     * @param block the block, its keys and types already checked against {@link #KEYS}
     * @throws io.moereplay.connectors.io.json.JsonInputException naming the file, the line, the key and the limit
     */
    static void check(NightlyConfig config, StrictObject block) {
        NightlyConfig.checked(block, "gpu", HardwareCatalog.builtIn()::get);
        NightlyConfig.checked(block, "dispatch", DispatchRule::parse);
        NightlyConfig.checked(block, "emit", EnginePlacementFormat::parse);
        block.choices("policies", PlacementConfig.ALL_POLICIES, List.of());
        JsonNode p = block.node();
        int experts = config.model().spec().routedExperts();
        int gpus = gpus(p);
        int redundant = redundantSlots(p);
        SlotLayout layout;
        try {
            layout = SlotLayout.of(experts, redundant, gpus, nodes(p));
        } catch (IllegalArgumentException e) {
            throw NightlyConfig.located(block.json(), e);
        }
        if (redundant > SlotLayout.maxRedundantSlots(experts, gpus)) {
            throw block.value("redundant_slots").orElse(block.json()).problem(PlacementJob.tooManySlots(
                    "$.placement.redundant_slots", redundant, "$.placement.gpus", gpus, layout.slotsPerGpu(), experts,
                    config.model().spec().name()));
        }
    }

    private static int gpus(JsonNode p) {
        return p.path("gpus").asInt(8);
    }

    private static int nodes(JsonNode p) {
        int gpus = gpus(p);
        return p.path("nodes").asInt(gpus % 8 == 0 ? gpus / 8 : 1);
    }

    private static int redundantSlots(JsonNode p) {
        return p.path("redundant_slots").asInt(gpus(p));
    }

    private static PlacementConfig config(NightlyConfig config, List<String> loads, WindowSpec window, Path out,
            Path current, int parallelism, String runId) {
        JsonNode p = config.placement();
        int gpus = gpus(p);
        List<String> policies = new ArrayList<>();
        p.path("policies").forEach(policy -> policies.add(policy.asText()));
        List<Integer> intervals = new ArrayList<>();
        p.path("intervals").forEach(interval -> intervals.add(interval.asInt()));
        return new PlacementConfig(loads, null, null, null, window, null, null, config.model(),
                p.path("gpu").asText("H100-SXM"), null, gpus, nodes(p),
                redundantSlots(p), p.path("groups").asInt(1),
                DispatchRule.parse(p.path("dispatch").asText("equal")),
                policies.isEmpty() ? PlacementConfig.ALL_POLICIES : policies, p.path("move_budget").asText("10%"),
                p.path("look_back").asInt(1), p.path("horizon").asInt(8), intervals.isEmpty() ? List.of(1, 2, 4, 8) : intervals,
                p.path("batch").asInt(64 * gpus), p.path("context").asLong(1024),
                current == null ? null : current.toString(), null, out.toString(), parallelism, runId, NightlyJob.MAX_REJECTS);
    }
}
