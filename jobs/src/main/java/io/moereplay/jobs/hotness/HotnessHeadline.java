package io.moereplay.jobs.hotness;

import io.moereplay.jobs.report.LayerLoads;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hotness run's headline: the most skewed layers and the hottest experts over the whole run
 * (every window's tokens summed), e.g.
 * {@code most skewed layers (max/mean, balancedness): layer 3 4.17 (0.24), layer 1 2.00 (0.50);
 * hottest experts: layer 3 expert 2 52.1%, ...}.
 */
public final class HotnessHeadline {

    private HotnessHeadline() {}

    /** @param loads tokens per expert per layer id, summed over the run's windows */
    public static String text(Map<Integer, long[]> loads) {
        if (loads.isEmpty()) {
            return "no routed tokens: every row was rejected or the inputs are empty";
        }
        String skewed = LayerLoads.mostSkewed(loads, LayerLoads.SHOWN).stream()
                .map(s -> String.format("layer %d %.2f (%.2f)", s.layer(), s.maxOverMean(), s.balancedness()))
                .collect(Collectors.joining(", "));
        return "most skewed layers (max/mean, balancedness): " + skewed
                + "; hottest experts (share of their layer's tokens): "
                + LayerLoads.sharesText(LayerLoads.hottest(loads, LayerLoads.SHOWN));
    }
}
