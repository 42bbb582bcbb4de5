package io.moereplay.jobs.validate;

import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.validation.CaseSweep;
import io.moereplay.model.validation.LayerCase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Puts each measurement beside what the serving model predicts for the same loads, placement and
 * expert shape: per GPU the sum of its replicas' FFN times ({@code ExpertPlacement.gpuMicros}, as
 * the straggler and placement jobs time a layer), the layer as its busiest GPU, the single-device
 * layer and its parts, and for each placement the share of layer time it saves.
 */
public final class ValidationReport {

    /** Parts of the single-device layer the serving model has no term for: measured, predicted null. */
    static final List<String> UNMODELLED_PARTS = List.of("router", "permute", "combine");

    private ValidationReport() {}

    /**
     * @param kernelModels expert FFN model by name, each giving a catalogued model's FFN time
     * @param missing receives the ids of cases the measurements lack
     */
    public static List<ValidationRow> rows(List<LayerCase> cases, MeasuredLayers measured,
            Map<String, Function<String, ExpertFfnTime>> kernelModels, List<String> missing) {
        List<ValidationRow> rows = new ArrayList<>();
        Map<String, LayerCase> byId = new LinkedHashMap<>();
        for (LayerCase c : cases) {
            byId.put(c.id(), c);
            if (layer(measured, c).isEmpty()) {
                missing.add(c.id());
            }
        }
        for (Map.Entry<String, Function<String, ExpertFfnTime>> kernels : kernelModels.entrySet()) {
            String name = kernels.getKey();
            for (LayerCase c : cases) {
                if (missing.contains(c.id())) {
                    continue;
                }
                double[] predicted = c.predictedGpuMicros(kernels.getValue().apply(c.model()));
                for (int g = 0; c.gpus() > 1 && g < c.gpus(); g++) {
                    int gpu = g;
                    measured.median(c.id(), "gpu_experts", g).ifPresent(m ->
                            rows.add(ValidationRow.of(c, "gpu_experts", gpu, name, "us", m, predicted[gpu])));
                }
                rows.add(ValidationRow.of(c, "layer_experts", null, name, "us", layer(measured, c).getAsDouble(),
                        java.util.Arrays.stream(predicted).max().orElse(0)));
                if (c.policy().equals(CaseSweep.SINGLE_DEVICE)) {
                    singleDevice(c, measured, name, predicted[0], rows);
                }
            }
            gains(byId, measured, kernels, rows);
        }
        return rows;
    }

    /** The whole single-device layer, predicted as its expert compute alone, and its parts. */
    private static void singleDevice(LayerCase c, MeasuredLayers measured, String kernels, double experts,
            List<ValidationRow> rows) {
        measured.median(c.id(), "moe_layer", -1)
                .ifPresent(m -> rows.add(ValidationRow.of(c, "moe_layer", null, kernels, "us", m, experts)));
        measured.median(c.id(), "experts", -1)
                .ifPresent(m -> rows.add(ValidationRow.of(c, "experts", null, kernels, "us", m, experts)));
        for (String part : UNMODELLED_PARTS) {
            measured.median(c.id(), part, -1)
                    .ifPresent(m -> rows.add(ValidationRow.of(c, part, null, kernels, "us", m, null)));
        }
    }

    /**
     * For each replicated case, the share of the layer's expert time its placement saves against
     * the case without replicas on the same GPUs: 1 - t(placed) / t(none), negative when it costs.
     */
    private static void gains(Map<String, LayerCase> byId, MeasuredLayers measured,
            Map.Entry<String, Function<String, ExpertFfnTime>> kernels, List<ValidationRow> rows) {
        for (LayerCase placed : byId.values()) {
            if (placed.policy().equals("none") || placed.policy().equals(CaseSweep.SINGLE_DEVICE)) {
                continue;
            }
            LayerCase none = byId.get(placed.id().substring(0, placed.id().lastIndexOf('-') + 1) + "none");
            if (none == null || none.gpus() != placed.gpus()) {
                continue;
            }
            OptionalDouble tNone = layer(measured, none);
            OptionalDouble tPlaced = layer(measured, placed);
            if (tNone.isPresent() && tPlaced.isPresent()) {
                ExpertFfnTime ffn = kernels.getValue().apply(placed.model());
                double predicted = 1 - placed.predictedLayerMicros(ffn) / none.predictedLayerMicros(ffn);
                rows.add(ValidationRow.of(placed, "placement_gain", null, kernels.getKey(), "ratio",
                        1 - tPlaced.getAsDouble() / tNone.getAsDouble(), predicted));
            }
        }
    }

    private static OptionalDouble layer(MeasuredLayers measured, LayerCase c) {
        double max = 0;
        for (int g = 0; g < c.gpus(); g++) {
            max = Math.max(max, measured.median(c.id(), "gpu_experts", g).orElse(0));
        }
        return max > 0 ? OptionalDouble.of(max) : OptionalDouble.empty();
    }
}
