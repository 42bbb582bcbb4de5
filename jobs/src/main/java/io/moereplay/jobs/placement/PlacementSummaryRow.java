package io.moereplay.jobs.placement;

import io.moereplay.model.placement.PolicyOutcome;

/**
 * A policy's recommendation for one layer against the placement in force.
 *
 * @param layer MoE layer
 * @param windows windows the loads came from
 * @param slots physical slots of the layout
 * @param outcome the recommendation, its spread, step times and migration
 */
public record PlacementSummaryRow(int layer, int windows, int slots, PolicyOutcome outcome) {}
