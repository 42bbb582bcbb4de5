package io.moereplay.model.validation;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.placement.GreedyMinMax;
import io.moereplay.model.placement.NoReplication;
import io.moereplay.model.placement.PlacementPolicy;
import io.moereplay.model.placement.SlotLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cases a GPU measurement runs for one model: every batch size x skew, each as the
 * single-device layer (when {@code singleDevice}) and on {@code gpus} expert-parallel GPUs without replicas (contiguous) and
 * with the greedy min-max placement given {@code redundantSlots} extra slots (placed on the batch's
 * own loads, as a re-placement from recent loads would).
 *
 * @param batches tokens per batch
 * @param skews popularity per expert (expert ids, not ranks) by label, in order
 */
public record CaseSweep(List<Long> batches, Map<String, double[]> skews, int gpus, int redundantSlots,
        boolean singleDevice) {

    public static final String SINGLE_DEVICE = "single-device";

    public List<LayerCase> cases(MoeModelSpec model) {
        int experts = model.routedExperts();
        List<LayerCase> out = new ArrayList<>();
        SlotLayout plain = SlotLayout.of(experts, 0, gpus, 1);
        SlotLayout redundant = SlotLayout.of(experts, redundantSlots, gpus, 1);
        for (long tokens : batches) {
            for (Map.Entry<String, double[]> skew : skews.entrySet()) {
                long[] counts = RoutedCounts.of(skew.getValue(), tokens, model.topK());
                String prefix = model.name() + "/t" + tokens + "/" + skew.getKey();
                if (singleDevice) {
                    out.add(new LayerCase(prefix + "/1gpu", model.name(), tokens, SINGLE_DEVICE, skew.getKey(), counts,
                            ExpertPlacement.contiguous(experts, 1)));
                }
                double[] load = new double[experts];
                for (int e = 0; e < experts; e++) {
                    load[e] = counts[e];
                }
                // Fitted shares, as the validation cases were defined before the engines' equal dispatch.
                for (PlacementPolicy policy : List.of(new NoReplication(), new GreedyMinMax(DispatchRule.SPLIT))) {
                    SlotLayout layout = policy instanceof NoReplication ? plain : redundant;
                    out.add(new LayerCase(prefix + "/" + gpus + "gpu-" + policy.name(), model.name(), tokens, policy.name(),
                            skew.getKey(), counts, policy.place(load, layout, null)));
                }
            }
        }
        return out;
    }
}
