package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LayerTiming;

/**
 * A policy's recommendation for one layer, scored on the load it was fitted to against the
 * placement in force.
 *
 * @param policy the policy's name
 * @param expertShares the smoothed shares of the layer's load it was fitted to, per expert
 * @param placement the recommended placement
 * @param before the current placement's spread of the load
 * @param after the recommendation's
 * @param stepBefore one decode step of the layer under the current placement
 * @param stepAfter the same under the recommendation
 * @param migration what moving from the current placement to the recommendation copies
 */
public record PolicyOutcome(String policy, double[] expertShares, ExpertPlacement placement, PlacementQuality before,
        PlacementQuality after, LayerTiming stepBefore, LayerTiming stepAfter, PlacementMigration migration) {}
