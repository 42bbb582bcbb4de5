package io.moereplay.jobs.placement;

import io.moereplay.model.placement.BacktestPoint;

/** One backtest point of one layer. */
public record BacktestRow(int layer, BacktestPoint point) {}
