package io.moereplay.jobs.placement;

/** One row of one of the placement tables (or a layer's interval cost): exactly one is set. */
public record PlacementOutput(PlacementSlotRow slot, PlacementSummaryRow summary, BacktestRow backtest,
        IntervalCostRow cost) {

    static PlacementOutput of(PlacementSlotRow slot) {
        return new PlacementOutput(slot, null, null, null);
    }

    static PlacementOutput of(PlacementSummaryRow summary) {
        return new PlacementOutput(null, summary, null, null);
    }

    static PlacementOutput of(BacktestRow backtest) {
        return new PlacementOutput(null, null, backtest, null);
    }

    static PlacementOutput of(IntervalCostRow cost) {
        return new PlacementOutput(null, null, null, cost);
    }
}
