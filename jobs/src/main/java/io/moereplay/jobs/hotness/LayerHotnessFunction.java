package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.HotnessCalculator;
import io.moereplay.model.hotness.LayerWindowStats;
import io.moereplay.model.hotness.WindowLayerCounts;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.Map;
import java.util.TreeMap;

/**
 * For one layer (called once per key): merges every split's partial counts per window, then walks
 * the windows in order so each window's drift is measured against the layer's previous window.
 * Emits one {@link HotnessRow} per expert and one per (window, layer) balance.
 */
public final class LayerHotnessFunction implements MapPartitionFunction<WindowLayerCounts, HotnessRow> {

    private static final long serialVersionUID = 1L;

    private final double hotThreshold;

    public LayerHotnessFunction(double hotThreshold) {
        this.hotThreshold = hotThreshold;
    }

    @Override
    public void mapPartition(Iterable<WindowLayerCounts> partials, Collector<HotnessRow> out) {
        Map<Long, WindowLayerCounts> byWindow = new TreeMap<>();
        for (WindowLayerCounts partial : partials) {
            byWindow.merge(partial.window(), partial, WindowLayerCounts::plus);
        }
        HotnessCalculator calculator = new HotnessCalculator(hotThreshold);
        double[] previousShares = null;
        for (WindowLayerCounts counts : byWindow.values()) {
            LayerWindowStats stats =
                    calculator.compute(counts.window(), counts.layer(), counts.counts(), previousShares);
            for (ExpertHotness expert : stats.experts()) {
                out.collect(HotnessRow.of(expert));
            }
            out.collect(HotnessRow.of(stats.balance()));
            previousShares = HotnessCalculator.shares(counts.counts());
        }
    }
}
