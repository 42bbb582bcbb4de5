package io.moereplay.jobs.placement;

import io.moereplay.model.placement.IntervalCost;

/**
 * A policy and re-placement interval over the whole model, and whether it is the one to use.
 *
 * @param cost its cost summed over the layers
 * @param layers layers summed
 * @param savingVsNone the fraction of the no-replication total it saves; null without that baseline
 * @param recommended the least total time (layer time plus migration pauses)
 */
public record RecommendationRow(IntervalCost cost, int layers, Double savingVsNone, boolean recommended) {

    /** Decode time of the MoE layers plus the migration pauses, seconds. */
    public double totalSeconds() {
        return (cost.layerMicros() + cost.pauseMicros()) / 1e6;
    }

    /** Mean time between tokens over the MoE layers, microseconds (every layer runs every step). */
    public double meanTbtMicros() {
        return cost.steps() == 0 ? 0 : cost.layerMicros() / (cost.steps() / layers);
    }
}
