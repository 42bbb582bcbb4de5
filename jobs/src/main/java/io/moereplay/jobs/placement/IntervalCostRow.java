package io.moereplay.jobs.placement;

import io.moereplay.model.placement.IntervalCost;

/** One layer's cost under a policy and re-placement interval. */
public record IntervalCostRow(int layer, IntervalCost cost) {}
