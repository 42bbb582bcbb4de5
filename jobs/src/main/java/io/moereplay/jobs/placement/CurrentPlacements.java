package io.moereplay.jobs.placement;

import io.moereplay.connectors.io.ParquetGroups;
import io.moereplay.connectors.placementfiles.EngineLayerKeys;
import io.moereplay.connectors.placementfiles.EnginePlacement;
import io.moereplay.connectors.placementfiles.EnginePlacementFiles;
import io.moereplay.connectors.placementfiles.EnginePlacementFormat;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.SlotLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The placement in force per layer, read back from an earlier {@code placement} run: one policy's
 * rows of its {@code placement} table (by default the policy its {@code placement_recommendation}
 * recommends), checked against this run's experts and slot layout; or from an engine's placement
 * file (any {@link EnginePlacementFormat}), as the engine serves it: each expert's replicas at equal
 * shares, its layer keys numbered back to this run's trace layer ids as {@link EngineLayerKeys}
 * numbered them on the way out (a file emitted from a replay's MoE-layer numbering reads back onto
 * the next replay's, a file from an SGLang dump onto the next dump's).
 */
final class CurrentPlacements {

    private CurrentPlacements() {}

    /** A replica as the table has it. */
    private record Slot(int gpu, int expert, double share) {}

    /**
     * How this run numbers its layers, to read an engine file's layer keys back onto.
     *
     * @param traceLayers the layer ids of this run's loads
     * @param modelLayers the model's decoder layers
     * @param moeLayers its MoE layers
     */
    record LayerNumbering(SortedSet<Integer> traceLayers, int modelLayers, List<Integer> moeLayerIds) {}

    /**
     * The placement in force that {@code --current} names.
     *
     * @param current an earlier run's output folder, or an engine's placement file
     * @param policy the policy to take from a folder, or null for the recommended one
     * @param numbering this run's layers, for an engine file's keys
     * @return the placement per layer id
     * @throws IllegalArgumentException naming the folder or file (and layer) when it cannot be used here
     */
    static Map<Integer, ExpertPlacement> inForce(Path current, String policy, int experts, SlotLayout layout,
            LayerNumbering numbering) throws IOException {
        return Files.isRegularFile(current) ? engineFile(current, experts, layout, numbering)
                : read(current, policy, experts, layout);
    }

    /**
     * @param run the earlier run's output folder
     * @param policy the policy to take, or null for the recommended one
     * @return the placement per layer id
     * @throws IllegalArgumentException naming the folder (and layer) when it cannot be used here
     */
    static Map<Integer, ExpertPlacement> read(Path run, String policy, int experts, SlotLayout layout) throws IOException {
        String chosen = policy != null ? policy : recommended(run);
        Map<Integer, List<Slot>> byLayer = new TreeMap<>();
        TreeSet<String> policies = new TreeSet<>();
        for (Path part : parts(run.resolve(PlacementTables.PLACEMENT))) {
            ParquetGroups.forEach(part, row -> {
                String rowPolicy = row.getString("policy", 0);
                policies.add(rowPolicy);
                if (rowPolicy.equals(chosen)) {
                    byLayer.computeIfAbsent(row.getInteger("layer", 0), k -> new ArrayList<>()).add(new Slot(
                            row.getInteger("gpu", 0), row.getInteger("expert", 0), row.getDouble("load_share", 0)));
                }
            });
        }
        if (byLayer.isEmpty()) {
            throw new IllegalArgumentException("--current " + run + ": no placement of policy '" + chosen + "'; it has "
                    + policies);
        }
        Map<Integer, ExpertPlacement> out = new HashMap<>();
        byLayer.forEach((layer, slots) -> out.put(layer, placement(run, layer, slots, experts, layout)));
        return out;
    }

    private static ExpertPlacement placement(Path run, int layer, List<Slot> slots, int experts, SlotLayout layout) {
        int[] used = new int[layout.gpus()];
        int[] expert = new int[slots.size()];
        int[] gpu = new int[slots.size()];
        double[] share = new double[slots.size()];
        String where = "--current " + run + ": layer " + layer + ": ";
        for (int r = 0; r < slots.size(); r++) {
            Slot slot = slots.get(r);
            if (slot.gpu() < 0 || slot.gpu() >= layout.gpus() || slot.expert() < 0 || slot.expert() >= experts) {
                throw new IllegalArgumentException(where + "expert " + slot.expert() + " on GPU " + slot.gpu()
                        + " is outside this run's " + experts + " experts and " + layout.gpus() + " GPUs");
            }
            if (++used[slot.gpu()] > layout.slotsPerGpu()) {
                throw new IllegalArgumentException(where + "GPU " + slot.gpu() + " holds more experts than this run's "
                        + layout.slotsPerGpu() + " slots per GPU");
            }
            expert[r] = slot.expert();
            gpu[r] = slot.gpu();
            share[r] = slot.share();
        }
        try {
            return new ExpertPlacement(layout.gpus(), experts, expert, gpu, share);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    /** An engine's placement file, checked against this run's experts, GPUs and slots. */
    private static Map<Integer, ExpertPlacement> engineFile(Path file, int experts, SlotLayout layout,
            LayerNumbering numbering) throws IOException {
        EnginePlacementFiles.Read read;
        try {
            read = EnginePlacementFiles.read(file, experts, layout.gpus());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--current " + e.getMessage(), e);
        }
        EnginePlacement placement = read.placement();
        Map<Integer, Integer> traceLayerOfKey = new HashMap<>();
        try {
            EngineLayerKeys.keys(read.format(), numbering.traceLayers(), numbering.modelLayers(), numbering.moeLayerIds())
                    .forEach((traceLayer, key) -> traceLayerOfKey.put(key, traceLayer));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--current " + file + ": " + e.getMessage(), e);
        }
        if (placement.slots() != layout.slots()) {
            throw new IllegalArgumentException("--current " + file + ": " + placement.slots() + " slots per layer, but this"
                    + " run has " + layout.slots() + " (" + layout.gpus() + " GPUs x " + layout.slotsPerGpu() + "); give"
                    + " --gpus and --redundant-slots as the engine was started");
        }
        // Rows of layers this run has no loads for (dense layers, the engine's trivial rows) are not needed.
        Map<Integer, ExpertPlacement> out = new HashMap<>();
        placement.layers().forEach((key, slots) -> {
            Integer traceLayer = traceLayerOfKey.get(key);
            if (traceLayer != null) {
                out.put(traceLayer, slots.toPlacement(experts, layout.gpus()));
            }
        });
        return out;
    }

    /** The policy the run's placement_recommendation recommends. */
    static String recommended(Path run) throws IOException {
        String recommended = recommendedOrNull(run);
        if (recommended == null) {
            throw new IllegalArgumentException("--current " + run + ": its placement_recommendation recommends no policy"
                    + " (one window?); name one with --current-policy");
        }
        return recommended;
    }

    /** The policy the run's placement_recommendation recommends, or null when it has no rows (one window). */
    static String recommendedOrNull(Path run) throws IOException {
        List<String> recommended = new ArrayList<>();
        for (Path part : parts(run.resolve(PlacementTables.RECOMMENDATION))) {
            ParquetGroups.forEach(part, row -> {
                if (row.getBoolean("recommended", 0)) {
                    recommended.add(row.getString("policy", 0));
                }
            });
        }
        return recommended.isEmpty() ? null : recommended.get(0);
    }

    private static List<Path> parts(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            throw new IllegalArgumentException("--current: " + table + " is not a table folder; give an earlier"
                    + " placement run's output folder");
        }
        return ParquetGroups.parts(table);
    }
}
