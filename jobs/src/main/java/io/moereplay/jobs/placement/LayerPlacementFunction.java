package io.moereplay.jobs.placement;

import io.moereplay.model.hotness.WindowLayerCounts;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.BacktestPoint;
import io.moereplay.model.placement.IntervalCost;
import io.moereplay.model.placement.PlacementStudy;
import io.moereplay.model.placement.PolicyOutcome;
import io.moereplay.model.placement.SlotLayout;
import io.moereplay.model.placement.WindowLoad;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For one layer (called once per key): merges the splits' partial counts per window, runs the
 * placement study over the windows in order and emits its slots, summaries, backtest points and
 * interval costs.
 */
final class LayerPlacementFunction implements MapPartitionFunction<WindowLayerCounts, PlacementOutput> {

    private static final long serialVersionUID = 1L;

    private final PlacementStudy study;
    private final java.util.HashMap<Integer, ExpertPlacement> current;

    /** @param current the placement in force per layer id; empty for the contiguous layout */
    LayerPlacementFunction(PlacementStudy study, java.util.HashMap<Integer, ExpertPlacement> current) {
        this.study = study;
        this.current = current;
    }

    @Override
    public void mapPartition(Iterable<WindowLayerCounts> partials, Collector<PlacementOutput> out) {
        Map<Long, WindowLayerCounts> byWindow = new TreeMap<>();
        for (WindowLayerCounts partial : partials) {
            byWindow.merge(partial.window(), partial, WindowLayerCounts::plus);
        }
        if (byWindow.isEmpty()) {
            return;
        }
        List<WindowLoad> windows = new ArrayList<>();
        int layer = 0;
        for (WindowLayerCounts counts : byWindow.values()) {
            double[] load = new double[counts.counts().length];
            for (int e = 0; e < load.length; e++) {
                load[e] = counts.counts()[e];
            }
            windows.add(new WindowLoad(counts.window(), load));
            layer = counts.layer();
        }
        ExpertPlacement inForce = current.get(layer);
        if (!current.isEmpty() && inForce == null) {
            throw new IllegalArgumentException("--current has no placement of layer " + layer + "; it has layers "
                    + new java.util.TreeSet<>(current.keySet()));
        }
        PlacementStudy.LayerResult result = study.run(windows, inForce);
        SlotLayout layout = study.layout();
        for (PolicyOutcome outcome : result.outcomes()) {
            emitSlots(layer, outcome, layout, out);
            out.collect(PlacementOutput.of(new PlacementSummaryRow(layer, windows.size(), layout.slots(), outcome)));
        }
        for (BacktestPoint point : result.backtest()) {
            out.collect(PlacementOutput.of(new BacktestRow(layer, point)));
        }
        for (IntervalCost cost : result.costs()) {
            out.collect(PlacementOutput.of(new IntervalCostRow(layer, cost)));
        }
    }

    private static void emitSlots(int layer, PolicyOutcome outcome, SlotLayout layout,
            Collector<PlacementOutput> out) {
        ExpertPlacement placement = outcome.placement();
        int[] expert = placement.replicaExpert();
        int[] gpu = placement.replicaGpu();
        double[] share = placement.replicaShare();
        double[] expertShare = outcome.expertShares();
        int[] used = new int[layout.gpus()];
        for (int r = 0; r < expert.length; r++) {
            int slot = gpu[r] * layout.slotsPerGpu() + used[gpu[r]]++;
            out.collect(PlacementOutput.of(new PlacementSlotRow(layer, outcome.policy(), slot, layout.node(gpu[r]),
                    gpu[r], expert[r], share[r], share[r] * expertShare[expert[r]])));
        }
    }
}
