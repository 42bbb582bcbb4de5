package io.moereplay.jobs.validate;

import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.validation.CaseSweep;
import io.moereplay.model.validation.LayerCase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Puts each measurement beside what the serving model predicts for the same loads, placement and
 * expert shape, per kernel model: per GPU its expert time ({@code ExpertPlacement.gpuMicros}, as
 * the straggler and placement jobs time a layer: its replicas' FFNs back to back against {@code
 * gpu_experts}, or one grouped kernel against {@code gpu_experts_grouped}), the layer as its busiest
 * GPU, the busiest and least busy GPU measured, the single-device layer and its parts, and for each
 * placement the share of layer time it saves. Rows from the grouped measurements end in
 * {@code _grouped}.
 */
public final class ValidationReport {

    /** Parts of the single-device layer the serving model has no term for: measured, predicted null. */
    static final List<String> UNMODELLED_PARTS = List.of("router", "permute", "combine");

    private ValidationReport() {}

    /**
     * @param kernelModels the kernel models to predict with, each against its measured component
     * @param missing receives the ids of cases the measurements lack (no {@code gpu_experts})
     */
    public static List<ValidationRow> rows(List<LayerCase> cases, MeasuredLayers measured,
            List<KernelModel> kernelModels, List<String> missing) {
        List<ValidationRow> rows = new ArrayList<>();
        Map<String, LayerCase> byId = new LinkedHashMap<>();
        for (LayerCase c : cases) {
            byId.put(c.id(), c);
            if (layer(measured, c, "gpu_experts").isEmpty()) {
                missing.add(c.id());
            }
        }
        for (KernelModel kernels : kernelModels) {
            for (LayerCase c : cases) {
                KernelModel.Prediction prediction = kernels.byModel().apply(c.model());
                if (prediction == null || layer(measured, c, kernels.measuredComponent()).isEmpty()) {
                    continue;
                }
                caseRows(c, measured, kernels, prediction, rows);
            }
            gains(byId, measured, kernels, rows);
        }
        return rows;
    }

    /** One case's rows under one kernel model: per GPU, the layer, its busiest and least busy GPU. */
    private static void caseRows(LayerCase c, MeasuredLayers measured, KernelModel kernels,
            KernelModel.Prediction prediction, List<ValidationRow> rows) {
        String name = prediction.label();
        String suffix = kernels.suffix();
        double[] predicted = c.predictedGpuMicros(prediction.time());
        int busiest = -1;
        int leastBusy = -1;
        double[] times = new double[c.gpus()];
        for (int g = 0; c.gpus() > 1 && g < c.gpus(); g++) {
            int gpu = g;
            times[g] = measured.median(c.id(), kernels.measuredComponent(), g).orElse(0);
            measured.median(c.id(), kernels.measuredComponent(), g).ifPresent(m ->
                    rows.add(ValidationRow.of(c, kernels.measuredComponent(), gpu, name, "us", m, predicted[gpu])));
            busiest = busiest < 0 || times[g] > times[busiest] ? g : busiest;
            leastBusy = times[g] > 0 && (leastBusy < 0 || times[g] < times[leastBusy]) ? g : leastBusy;
        }
        rows.add(ValidationRow.of(c, "layer_experts" + suffix, null, name, "us",
                layer(measured, c, kernels.measuredComponent()).getAsDouble(),
                java.util.Arrays.stream(predicted).max().orElse(0)));
        if (busiest >= 0 && leastBusy >= 0) {
            rows.add(ValidationRow.of(c, "busiest_gpu" + suffix, busiest, name, "us", times[busiest], predicted[busiest]));
            rows.add(ValidationRow.of(c, "least_busy_gpu" + suffix, leastBusy, name, "us", times[leastBusy],
                    predicted[leastBusy]));
        }
        if (c.policy().equals(CaseSweep.SINGLE_DEVICE) && suffix.isEmpty()) {
            singleDevice(c, measured, name, predicted[0], rows);
        }
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
    private static void gains(Map<String, LayerCase> byId, MeasuredLayers measured, KernelModel kernels,
            List<ValidationRow> rows) {
        for (LayerCase placed : byId.values()) {
            if (placed.policy().equals("none") || placed.policy().equals(CaseSweep.SINGLE_DEVICE)) {
                continue;
            }
            LayerCase none = byId.get(placed.id().substring(0, placed.id().lastIndexOf('-') + 1) + "none");
            if (none == null || none.gpus() != placed.gpus()) {
                continue;
            }
            OptionalDouble tNone = layer(measured, none, kernels.measuredComponent());
            OptionalDouble tPlaced = layer(measured, placed, kernels.measuredComponent());
            KernelModel.Prediction prediction = kernels.byModel().apply(placed.model());
            if (tNone.isPresent() && tPlaced.isPresent() && prediction != null) {
                ExpertFfnTime ffn = prediction.time();
                double predicted = 1 - placed.predictedLayerMicros(ffn) / none.predictedLayerMicros(ffn);
                rows.add(ValidationRow.of(placed, "placement_gain" + kernels.suffix(), null, prediction.label(), "ratio",
                        1 - tPlaced.getAsDouble() / tNone.getAsDouble(), predicted));
            }
        }
    }

    /** The measured layer: the busiest GPU's {@code component}. */
    private static OptionalDouble layer(MeasuredLayers measured, LayerCase c, String component) {
        double max = 0;
        for (int g = 0; g < c.gpus(); g++) {
            max = Math.max(max, measured.median(c.id(), component, g).orElse(0));
        }
        return max > 0 ? OptionalDouble.of(max) : OptionalDouble.empty();
    }
}
