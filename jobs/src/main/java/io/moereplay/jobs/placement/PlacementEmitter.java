package io.moereplay.jobs.placement;

import io.moereplay.connectors.placementfiles.EngineLayerKeys;
import io.moereplay.connectors.placementfiles.EnginePlacement;
import io.moereplay.connectors.placementfiles.EnginePlacementFiles;
import io.moereplay.connectors.placementfiles.EnginePlacementFormat;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.LayerSlots;
import io.moereplay.model.placement.SlotLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code placement --emit}: after a run commits, its recommended policy's placement of every layer,
 * read back from the committed {@code placement} table, written in an engine's load format (see
 * {@link EnginePlacementFormat}) and noted in the run summary under {@code emit}. Engines have no
 * free slot: a GPU's free slots get copies of an expert held only there, which moves no load
 * ({@link LayerSlots#of}). When the recommendation is {@code none} (no replication), the file
 * holds the engine's own trivial layout over the same slots, which with redundant slots is not
 * {@code none}'s contiguous layout: the engine fills those slots itself.
 */
public final class PlacementEmitter {

    /** What was written: the file, and a line for the command to print. */
    public record Emitted(Path file, String line) {}

    private PlacementEmitter() {}

    /**
     * Emits the run's recommended policy.
     *
     * @throws IllegalArgumentException naming the format, layer and GPU when the run's placement
     *     cannot be written for the engine, or when the run recommends no policy
     */
    public static Emitted emit(PlacementConfig config, EnginePlacementFormat format, Path dir) throws IOException {
        return emit(config, format, dir, null);
    }

    /**
     * @param chosen the policy whose placement to write, or null for the one the run recommends;
     *     a run over one window (a load-count file, {@code --window all}) recommends none, so it
     *     needs one named
     * @throws IllegalArgumentException naming the format, layer and GPU when the run's placement
     *     cannot be written for the engine, or naming the format when no policy is chosen and the
     *     run recommends none, or the run has no placement of the chosen one
     */
    public static Emitted emit(PlacementConfig config, EnginePlacementFormat format, Path dir, String chosen)
            throws IOException {
        MoeModelSpec model = config.model().spec();
        int experts = model.routedExperts();
        SlotLayout layout = SlotLayout.of(experts, config.redundantSlots(), config.gpus(), config.nodes());
        Path run = Path.of(config.out());
        String where = "--emit " + format.label() + ": ";
        try {
            String policy = chosen != null ? chosen : CurrentPlacements.recommendedOrNull(run);
            if (policy == null) {
                throw new IllegalArgumentException(run + " recommends no policy: its loads have one window, so there are"
                        + " no re-placement intervals to compare; name the policy to write with --emit-policy");
            }
            boolean trivial = policy.equals("none");
            SortedMap<Integer, LayerSlots> byLayer = new TreeMap<>();
            for (Map.Entry<Integer, ExpertPlacement> entry : CurrentPlacements.read(run, policy, experts, layout).entrySet()) {
                int layer = entry.getKey();
                byLayer.put(layer, trivial ? format.trivial(layer, experts, layout.gpus(), layout.slotsPerGpu())
                        : LayerSlots.of(layer, entry.getValue(), layout.slotsPerGpu()));
            }
            EnginePlacement placement = EngineLayerKeys.toEngine(format, byLayer, experts, layout.gpus(), model.layers(),
                    model.moeLayerIds());
            Path file = EnginePlacementFiles.write(format, dir, placement);
            Map<String, Object> note = new LinkedHashMap<>();
            note.put("format", format.label());
            note.put("path", file.toString());
            note.put("policy", policy);
            note.put("layers", placement.layers().size());
            note.put("slots", placement.slots());
            OutputCommitter.amendSummary(new org.apache.flink.core.fs.Path(config.out()), "emit", note);
            return new Emitted(file, "emitted " + format.label() + ": " + file + " (" + (trivial
                    ? "recommendation none: no replication, so the engine's own trivial layout"
                    : "policy " + policy) + ", " + placement.layers().size() + " layers x " + placement.slots() + " slots)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }
}
